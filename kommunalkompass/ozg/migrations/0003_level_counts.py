
import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models

LEVELS = (None, 0, 1, 2, 3, 4, 5, 6, 7)


def count_levels(apps, schema_editor):
    """Count the service states there are (as ``manage.py ozg_recount`` does)."""
    ServiceState = apps.get_model("ozg", "ServiceState")
    OzgLeistung = apps.get_model("ozg", "OzgLeistung")
    OzgLevelCount = apps.get_model("ozg", "OzgLevelCount")
    quote = schema_editor.connection.ops.quote_name
    columns = ", ".join("unrated" if level is None else f"level_{level}" for level in LEVELS)
    sums = ", ".join(
        "SUM(CASE WHEN s.level IS NULL THEN 1 ELSE 0 END)"
        if level is None
        else f"SUM(CASE WHEN s.level = {level} THEN 1 ELSE 0 END)"
        for level in LEVELS
    )
    schema_editor.execute(
        f"INSERT INTO {quote(OzgLevelCount._meta.db_table)} "
        f"(organisation_id, themenfeld_id, {columns}) "
        f"SELECT s.organisation_id, l.themenfeld_id, {sums} "
        f"FROM {quote(ServiceState._meta.db_table)} s "
        f"JOIN {quote(OzgLeistung._meta.db_table)} l ON l.id = s.leistung_id "
        "WHERE s.relevant = %s GROUP BY s.organisation_id, l.themenfeld_id",
        params=[True],
    )


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0004_organisation_verification'),
        ('ozg', '0002_legal_basis_text'),
        ('strategy', '0004_workshops'),
    ]

    operations = [
        migrations.CreateModel(
            name='OzgLevelCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('unrated', models.IntegerField(default=0)),
                ('level_0', models.IntegerField(default=0)),
                ('level_1', models.IntegerField(default=0)),
                ('level_2', models.IntegerField(default=0)),
                ('level_3', models.IntegerField(default=0)),
                ('level_4', models.IntegerField(default=0)),
                ('level_5', models.IntegerField(default=0)),
                ('level_6', models.IntegerField(default=0)),
                ('level_7', models.IntegerField(default=0)),
            ],
            options={
                'verbose_name': 'OZG level count',
                'verbose_name_plural': 'OZG level counts',
            },
        ),
        migrations.AddIndex(
            model_name='servicestate',
            index=models.Index(condition=models.Q(('relevant', True), models.Q(('level__isnull', True), ('level__lt', 2), _connector='OR')), fields=['leistung', 'organisation'], name='service_state_below_online'),
        ),
        migrations.AddField(
            model_name='ozglevelcount',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation'),
        ),
        migrations.AddField(
            model_name='ozglevelcount',
            name='themenfeld',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='ozg.themenfeld'),
        ),
        migrations.AddConstraint(
            model_name='ozglevelcount',
            constraint=models.UniqueConstraint(models.F('organisation'), django.db.models.functions.comparison.Coalesce(models.F('themenfeld'), models.Value(0)), name='ozg_level_count_one_per_themenfeld'),
        ),
        migrations.RunPython(count_levels, migrations.RunPython.noop, elidable=True),
    ]
