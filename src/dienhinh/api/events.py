"""Connects the webhooks to the domain events (`core.events`), delivered after commit."""

from dienhinh.core import events


def connect() -> None:
    from dienhinh.api.domain import webhooks

    events.subscribe("registration.moved", webhooks.on_registration_moved)
    events.subscribe("exemplar.moved", webhooks.on_exemplar_moved)
    events.subscribe("honour.revoked", webhooks.on_honour_revoked)
    events.subscribe("story.published", webhooks.on_story_published)
