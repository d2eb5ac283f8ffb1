"""Recognition: Discourse badges for the people who make peer learning happen.

Other flows recognise someone by calling `grants.grant(uow, settings, …)` (or `revoke`) inside their
own unit of work: the grant is recorded with their decision and performed after it commits. This
flow imports none of them.
"""
