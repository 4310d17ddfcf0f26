"""pip-audit over the installed (pinned) dependencies.

Known vulnerabilities fail the run. A vulnerability service that does not answer — no network,
or an index mirror that only serves packages — is reported and skipped: pip-audit itself would
then call every package «not found» and print «No known vulnerabilities found».
"""

import json
import subprocess
import sys

PROBE = "django"  # always installed, always known to the service when it answers
COMMAND = [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "--format", "json"]


def skipped(reason):
    print(f"pip-audit: проверка пропущена — {reason}")
    return 0


def main():
    try:
        result = subprocess.run(
            [*COMMAND, "--skip-editable"], capture_output=True, text=True, timeout=600
        )
    except subprocess.TimeoutExpired:
        return skipped("служба уязвимостей не ответила за 10 минут")
    try:
        report = json.loads(result.stdout)
    except ValueError:
        tail = result.stderr.strip().splitlines()[-1:] or ["нет вывода"]
        return skipped(f"служба уязвимостей недоступна ({tail[0][:200]})")
    packages = {d["name"].lower(): d for d in report.get("dependencies", [])}
    probe = packages.get(PROBE)
    if probe is None or probe.get("skip_reason"):
        return skipped("служба уязвимостей не знает даже Django: ответа нет")
    found = 0
    for package in packages.values():
        for vuln in package.get("vulns", []):
            found += 1
            fixed = ", ".join(vuln.get("fix_versions", [])) or "исправления нет"
            print(f"{package['name']} {package['version']}: {vuln['id']} (исправлено в {fixed})")
    audited = sum(1 for p in packages.values() if not p.get("skip_reason"))
    print(f"pip-audit: проверено пакетов — {audited}, известных уязвимостей — {found}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
