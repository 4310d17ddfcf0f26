"""`make loadtest`: the bench data set on a throwaway PostgreSQL database behind gunicorn, driven
by locust from 127.0.0.1 (see README, «Нагрузка»).

- `seed.py` — the data and the simulated users (sessions made in the database, so that fifty
  password checks do not eat the first seconds of the run);
- `locustfile.py` — what officials and staff do;
- `runner.py` — database, gunicorn, task worker, locust, figures; every process it starts is
  bounded in time and stopped at the end.
"""
