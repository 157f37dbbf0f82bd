"""People follow communities (and later any object) and are told about them by their chosen channel."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import Person


class Topic(models.TextChoices):
    IDEAS = "ideas", _("New ideas and proposals")
    VOTES = "votes", _("Votes opening and closing")
    MEETINGS = "meetings", _("Meetings and events")
    DECISIONS = "decisions", _("Decisions and results")
    NEWS = "news", _("News and updates")


ALL_TOPICS = [topic.value for topic in Topic]


class Follow(models.Model):
    """A person follows one topic of one thing; following a community makes a row per topic.

    One row per topic (rather than a list in one row) keeps "who follows X for votes" a plain,
    indexed query on every database.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="follows")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "target_type", "target_id", "topic"], name="one_follow_per_target_topic"
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id", "topic"])]

    def __str__(self) -> str:
        return f"{self.person} follows {self.target}"


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Printed letter")
    SMS = "sms", _("Text message")


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FOR_PRINT = "for_print", _("In the next print run")
    FAILED = "failed", _("Could not be sent")


class Notification(models.Model):
    """One message to one person on one channel. Letters and texts wait for their own runs."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject
