"""The REST API (/api/v1/), its tokens, webhooks, the open dataset and the program export."""
