# ruff: noqa: RUF012, E501

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tickets', '0010_ticket_idempotency_fingerprint'),
    ]

    operations = [
        migrations.AlterField(
            model_name='ticketevent',
            name='kind',
            field=models.CharField(choices=[('registered', 'registered'), ('public_reply', 'public reply'), ('internal_comment', 'internal comment'), ('customer_reply', 'customer reply'), ('criticality_changed', 'criticality changed'), ('returned_for_information', 'returned for information'), ('solution_proposed', 'solution proposed'), ('workaround_proposed', 'workaround proposed'), ('solution_accepted', 'solution accepted'), ('solution_rejected', 'solution rejected'), ('reopened', 'reopened'), ('rated', 'rated'), ('assigned', 'assigned'), ('classified', 'classified'), ('details_changed', 'details changed'), ('attachment_added', 'attachment added'), ('upload_place_opened', 'upload place opened'), ('upload_place_closed', 'upload place closed'), ('line_moved', 'moved to another line'), ('handed_to_development', 'handed to development'), ('awaiting_release', 'handed to development, resolution clock paused'), ('released', 'release is out'), ('escalation_opened', 'escalated to the vendor'), ('escalation_relayed', 'answer relayed to the customer'), ('vendor_update', 'vendor ticket update'), ('action_plan_agreed', 'action plan agreed'), ('action_plan_refused', 'action plan refused'), ('withdrawn', 'withdrawn by the customer'), ('closed_as_withdrawn', 'closed: the customer withdrew it'), ('auto_close_notice', 'closes by itself unless answered'), ('auto_closed', 'closed: the proposed solution was not answered'), ('merged_into', 'closed as a duplicate'), ('duplicate_merged', 'a duplicate was merged into this ticket'), ('linked', 'linked to a related ticket'), ('postponement_proposed', 'postponement of the resolution proposed'), ('postponement_agreed', 'postponement of the resolution agreed'), ('postponement_declined', 'postponement of the resolution declined')], max_length=32),
        ),
    ]
