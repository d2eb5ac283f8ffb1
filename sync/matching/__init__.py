"""Matching: who to suggest for a proposed learning circle, and one-to-one peer pairing.

Pure functions and data structures only — no database, no HTTP. The flow that answers a
`learningcircles` topic builds a `SkillIndex` from stored member profiles, turns the topic into
`CircleNeeds` (`needs.needs_from_topic`), asks `engine.rank` for suggestions and posts them;
`pairing.pair_members` proposes Let's Connect style exchanges (teach what the other wants to learn).
"""
