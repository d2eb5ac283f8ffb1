"""The messages of the citizens flow: which template says what, and the links they carry.

Templates live in this flow's templates/ folder (a community edits copies in `templates_dir/citizens/`);
each is declared with sample values so `circleup worker` and `serve` refuse to start with a broken one.
Each programme has its own copy of each (`citizens/<programme>/…` for a programme other than
citizens), but for the few that say nothing about the programme (sync.citizens.programmes).
"""
from __future__ import annotations

from circleup.integration.templates import TemplateSpec

THANKS = TemplateSpec.of("citizens/thanks.md.j2", "post", username="osioke", goal=100)
# For a reply that may not be an application (sync.citizens.reading UNSURE): nobody is told they applied.
NOTED = TemplateSpec.of("citizens/noted.md.j2", "post", username="osioke", goal=100)
RECEIVED = TemplateSpec.of("citizens/received.md.j2", "private_message", username="osioke")
RECEIVED_TITLE = TemplateSpec.of("citizens/received_title.md.j2", "title", username="osioke")
APPROVERS_NOTICE = TemplateSpec.of(
    "citizens/approvers_notice.md.j2", "private_message", username="osioke",
    post_url="https://forum.example.org/t/source-citizens/512/7", answers={"Your groups": "Growth Clinic"}, pending=3,
    unsure="a question",
)
APPROVERS_NOTICE_TITLE = TemplateSpec.of("citizens/approvers_notice_title.md.j2", "title", username="osioke")
WELCOME = TemplateSpec.of(
    "citizens/welcome.md.j2", "private_message", username="osioke", number=12, goal=100,
    category_url="https://forum.example.org/c/31",
)
WELCOME_TITLE = TemplateSpec.of("citizens/welcome_title.md.j2", "title", username="osioke")
APPROVED = TemplateSpec.of("citizens/approved.md.j2", "post", username="osioke", number=12, goal=100)
DECLINED = TemplateSpec.of("citizens/declined.md.j2", "private_message", username="osioke", reason="we are only starting")
DECLINED_TITLE = TemplateSpec.of("citizens/declined_title.md.j2", "title", username="osioke")
# The call for applications that `circleup setup` opens (the programme's application topic).
CALL = TemplateSpec.of("citizens/call.md.j2", "post", goal=100)
COMMAND_PROBLEMS = TemplateSpec.of(
    "citizens/command_problems.md.j2", "post", problems=[{"line": "/approve @nobody", "why": "no member is called nobody"}],
)
NEWSLETTER = TemplateSpec.of("citizens/newsletter.md.j2", "private_message", body="Three ways to open a first session well.")

TEMPLATES = (THANKS, NOTED, RECEIVED, RECEIVED_TITLE, APPROVERS_NOTICE, APPROVERS_NOTICE_TITLE, WELCOME, WELCOME_TITLE,
             APPROVED, DECLINED, DECLINED_TITLE, CALL, COMMAND_PROBLEMS, NEWSLETTER)


def templates_of(values) -> list[TemplateSpec]:
    """Each configured programme's version of every template (sync.citizens.programmes.Programme.template),
    so that `circleup worker` and `serve` refuse to start when one is missing or broken."""
    from circleup.sync.citizens.programmes import configured

    specs = {}
    for programme in configured(values) or ():
        for spec in TEMPLATES:
            named = programme.spec(spec)
            specs[named.name] = named
    return list(specs.values()) or list(TEMPLATES)



def absolute_url(base_url: str | None, path: str | None) -> str | None:
    """Discourse sends post URLs as paths; a link in a message needs the forum's address."""
    if not path:
        return None
    if path.startswith(("http://", "https://")) or not base_url:
        return path
    return f"{base_url.rstrip('/')}/{path.lstrip('/')}"


def category_url(base_url: str | None, category_id: int | None) -> str | None:
    # /c/{id} redirects to the category's canonical address, whatever its slug becomes.
    return absolute_url(base_url, f"/c/{category_id}") if category_id else None


def split_newsletter(content: str, programme_title: str = "Source Citizens") -> tuple[str, str]:
    """(title, body) of a newsletter file: its first `# heading` is the title, when it has one."""
    lines = content.strip().splitlines()
    if lines and lines[0].startswith("# "):
        return lines[0][2:].strip(), "\n".join(lines[1:]).strip()
    return f"Facilitation tips for {programme_title}", content.strip()
