"""Age band and gender on the comment index, for the dashboard's coarse demographics (counts under 5 not shown).

They come from the event's "demographics", given with the person's consent. Comments indexed before
this migration get them here, in one statement per engine, from the events that carry them.
"""

from django.db import migrations, models

FILL = {
    "postgresql": (
        "UPDATE review_comments AS c SET age_band = left(coalesce(e.body::jsonb #>> '{demographics,age_band}', ''), 40), "
        "gender = left(coalesce(e.body::jsonb #>> '{demographics,gender}', ''), 40) "
        "FROM events AS e WHERE e.id = c.event_id AND e.body LIKE '%\"demographics\":{%'"
    ),
    "sqlite": (
        "UPDATE review_comments SET "
        "age_band = (SELECT substr(coalesce(json_extract(e.body, '$.demographics.age_band'), ''), 1, 40) FROM events e WHERE e.id = event_id), "
        "gender = (SELECT substr(coalesce(json_extract(e.body, '$.demographics.gender'), ''), 1, 40) FROM events e WHERE e.id = event_id) "
        "WHERE event_id IN (SELECT id FROM events WHERE body LIKE '%\"demographics\":{%')"
    ),
}


def fill(apps, schema_editor):
    statement = FILL.get(schema_editor.connection.vendor)
    if statement:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("centre_review", "0003_comment_words")]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="age_band",
            field=models.CharField(blank=True, db_default="", default="", max_length=40),
        ),
        migrations.AddField(
            model_name="comment",
            name="gender",
            field=models.CharField(blank=True, db_default="", default="", max_length=40),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
