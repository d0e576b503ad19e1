"""The Slack adapter: Bolt listeners that translate Slack payloads into neutral invocations and
render neutral replies as Block Kit. The only package that imports slack_bolt / slack_sdk."""
