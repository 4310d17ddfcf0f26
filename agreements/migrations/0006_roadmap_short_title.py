"""Roadmaps named ««Дорожная карта» с Санкт-Петербурга» (the genitive where «с» needs the
instrumental) get the name Roadmap.short_title_for gives: «Дорожная карта»: Санкт-Петербург."""

from django.db import migrations


def rename(apps, schema_editor):
    Roadmap = apps.get_model("agreements", "Roadmap")
    for roadmap in Roadmap.objects.select_related("region"):
        wrong = f"«Дорожная карта» с {roadmap.region.name_genitive}"
        if roadmap.short_title.startswith(wrong):
            roadmap.short_title = f"«Дорожная карта»: {roadmap.region.name}"
            roadmap.save(update_fields=["short_title"])


class Migration(migrations.Migration):
    dependencies = [("agreements", "0005_updated_at")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
