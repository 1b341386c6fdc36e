"""Create the Photographers and Curators groups with their permissions."""

from django.db import migrations

ROLE_PERMISSIONS = {
    "Photographers": [
        ("curation", "add_photo"), ("curation", "change_photo"), ("curation", "delete_photo"),
        ("curation", "view_photo"), ("curation", "add_subject"), ("curation", "change_subject"),
        ("curation", "delete_subject"), ("curation", "view_subject"),
    ],
    "Curators": [
        ("curation", "view_photo"), ("curation", "view_subject"),
        ("exhibitions", "add_exhibition"), ("exhibitions", "change_exhibition"),
        ("exhibitions", "delete_exhibition"), ("exhibitions", "view_exhibition"),
    ],
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; make them now so the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("curation", "0001_initial"),
        ("exhibitions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
