"""The messages of the citizens flow: which template says what, and the links they carry.

Templates live in this flow's templates/ folder (a community edits copies in `templates_dir/citizens/`);
each is declared with sample values so `circleup worker` and `serve` refuse to start with a broken one.
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
COMMAND_PROBLEMS = TemplateSpec.of(
    "citizens/command_problems.md.j2", "post", problems=[{"line": "/approve @nobody", "why": "no member is called nobody"}],
)
NEWSLETTER = TemplateSpec.of("citizens/newsletter.md.j2", "private_message", body="Three ways to open a first session well.")

TEMPLATES = (THANKS, NOTED, RECEIVED, RECEIVED_TITLE, APPROVERS_NOTICE, APPROVERS_NOTICE_TITLE, WELCOME, WELCOME_TITLE,
             APPROVED, DECLINED, DECLINED_TITLE, COMMAND_PROBLEMS, NEWSLETTER)

DEFAULT_NEWSLETTER_TITLE = "Facilitation tips for Source Citizens"


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


def split_newsletter(content: str) -> tuple[str, str]:
    """(title, body) of a newsletter file: its first `# heading` is the title, when it has one."""
    lines = content.strip().splitlines()
    if lines and lines[0].startswith("# "):
        return lines[0][2:].strip(), "\n".join(lines[1:]).strip()
    return DEFAULT_NEWSLETTER_TITLE, content.strip()
