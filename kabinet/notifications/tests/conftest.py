import pytest

from kabinet.channels.email.tests.smtp import smtp_server
from kabinet.conftest import World
from kabinet.escalations.tests.conftest import chain
from kabinet.notifications.models import ChannelChoice, NoticeKind, Preference

__all__ = ["chain", "consultant_reads_new_tickets_in_the_cabinet", "smtp_server"]


@pytest.fixture
def consultant_reads_new_tickets_in_the_cabinet(world: World) -> None:
    """The world's personal consultant chose to see new tickets only in the cabinet: tests
    of how one message travels then follow the contact's registration mail alone."""
    Preference.objects.create(
        person=world.engineer, kind=NoticeKind.NEW_TICKET, channel=ChannelChoice.CABINET
    )
