"""The API's endpoints: reads (`read`), writes (`write`), docs, tokens' and webhooks' pages."""
