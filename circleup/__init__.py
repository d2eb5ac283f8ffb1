"""circleup: a peer-learning community beside a Discourse forum.

Installed, every part of circleup imports under this one name: `circleup.config`,
`circleup.integration`, `circleup.sync` and `circleup.webhooks` are the layers (the repository's
top-level folders of the same names), and this package itself is the composition root on top of
them: the `circleup` command (`circleup.cli`), the demo and the simulated forum.
"""
