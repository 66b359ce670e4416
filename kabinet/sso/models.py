"""An identity at an OpenID provider, linked to the Person it signs in."""

from __future__ import annotations

from django.db import models

from kabinet.orgs.models import Person


class SsoIdentity(models.Model):
    """The (issuer, subject) pair is the provider's stable name for a person; emails may change.

    Written only by ``actions.link_identity``; an organisation admin unlinks by deleting it in
    the admin.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="sso_identities")
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "SSO identity"
        verbose_name_plural = "SSO identities"
        constraints = (
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique"),
            models.UniqueConstraint(
                fields=["issuer", "person"], name="sso_one_identity_per_issuer"
            ),
        )

    def __str__(self) -> str:
        return f"{self.person} @ {self.issuer}"
