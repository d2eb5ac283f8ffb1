"""A synthetic peer-learning community with known ground truth, for the tests and bench/matching.py.

Skills and places follow Zipf-like popularity (a few are everywhere, most are rare), members speak
their place's language and often English, about one in eight is an approved facilitator, and some
are ineligible. Circle proposals ask for one to three skills, often a place, sometimes a language;
each carries its hidden relevance judgements, written as the community's rules rather than as
circleup's scoring formula (hard requirements, an activity cut-off, no notion of rarity).
"""
from __future__ import annotations

import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from circleup.sync.matching.engine import FACILITATOR, PARTICIPANT, CircleNeeds, MemberProfile, Role, place_key

SKILLS: tuple[str, ...] = (
    "Python", "data analysis", "JavaScript", "Wikipedia editing", "photography", "facilitation",
    "public speaking", "graphic design", "spreadsheets", "grant writing", "community organising",
    "English", "Spanish", "French", "web design", "video editing", "social media", "translation",
    "Wikidata", "project management", "fundraising", "R", "SQL", "statistics", "machine learning",
    "creative writing", "journalism", "podcasting", "mobile development", "Linux", "networking",
    "cybersecurity", "UX research", "accounting", "marketing", "entrepreneurship", "event planning",
    "teaching", "mentoring", "storytelling", "Commons uploading", "OpenStreetMap", "GIS", "Arduino",
    "3D printing", "electronics", "gardening", "permaculture", "beekeeping", "carpentry", "sewing",
    "cooking", "nutrition", "first aid", "sign language", "music theory", "guitar", "drawing",
    "animation", "game design", "Lua", "Rust", "Go", "Haskell", "Elixir", "accessibility",
    "open licensing", "copyright", "digital security", "research methods", "academic writing",
    "peer review", "survey design", "evaluation", "conflict transformation", "negotiation",
    "leadership", "volunteer management", "libraries", "archiving",
)
# Place → its local language besides English.
PLACES: tuple[tuple[str, str], ...] = (
    ("Lagos", "Yoruba"), ("Nairobi", "Swahili"), ("Chicago", "English"), ("Accra", "Twi"),
    ("Bogotá", "Spanish"), ("Kampala", "Swahili"), ("São Paulo", "Portuguese"), ("Manila", "Tagalog"),
    ("Delhi", "Hindi"), ("Cape Town", "Afrikaans"), ("Kigali", "French"), ("Cairo", "Arabic"),
    ("Berlin", "German"), ("Lima", "Spanish"), ("Dakar", "French"), ("Ljubljana", "English"),
    ("Jakarta", "Indonesian"), ("Dhaka", "Bengali"), ("Mexico City", "Spanish"), ("Abuja", "Hausa"),
    ("Enugu", "Igbo"), ("Addis Ababa", "Amharic"), ("Dar es Salaam", "Swahili"), ("Kumasi", "Twi"),
    ("Mombasa", "Swahili"), ("Quito", "Spanish"), ("Porto", "Portuguese"), ("Lyon", "French"),
    ("Barcelona", "Spanish"), ("Toronto", "English"), ("Boston", "English"), ("Cebu", "Tagalog"),
    ("Durban", "Zulu"), ("Mumbai", "Hindi"), ("Karachi", "Urdu"), ("Istanbul", "Turkish"),
    ("Warsaw", "Polish"), ("Kyiv", "Ukrainian"), ("Medellín", "Spanish"), ("Rosario", "Spanish"),
)
BOT_ID = 0
ACTIVE_DAYS = 90  # ground truth: someone not seen for longer will not answer a suggestion


def _zipf_weights(n: int, exponent: float) -> list[float]:
    return [1.0 / (rank**exponent) for rank in range(1, n + 1)]


def _draw(rng: random.Random, population: Sequence[str], weights: Sequence[float], k: int) -> set[str]:
    chosen: set[str] = set()
    while len(chosen) < k:
        chosen.add(rng.choices(population, weights)[0])
    return chosen


def generate_members(count: int, *, seed: int = 0, first_id: int = 1) -> list[MemberProfile]:
    rng = random.Random(seed)
    skill_weights = _zipf_weights(len(SKILLS), 1.0)
    place_weights = _zipf_weights(len(PLACES), 0.8)
    members = []
    for member_id in range(first_id, first_id + count):
        shares = _draw(rng, SKILLS, skill_weights, rng.choices((0, 1, 2, 3, 4), (10, 35, 30, 17, 8))[0])
        learns = _draw(rng, SKILLS, skill_weights, rng.choices((0, 1, 2, 3), (15, 40, 30, 15))[0]) - shares
        location, languages = None, {"English"}
        if rng.random() > 0.08:
            location, local = rng.choices(PLACES, place_weights)[0]
            languages = {local} if rng.random() < 0.35 else {local, "English"}
        roll = rng.random()
        members.append(
            MemberProfile(
                member_id=member_id,
                username=f"member{member_id}",
                shares=frozenset(shares),
                learns=frozenset(learns),
                location=location,
                languages=frozenset(languages),
                is_citizen=rng.random() < 0.12,
                last_active_days=None if rng.random() < 0.1 else int(rng.expovariate(1 / 45)),
                eligible=roll >= 0.07,  # ~5% opted out, ~2% suspended or deleted
            )
        )
    return members


@dataclass(frozen=True)
class Circle:
    title: str
    needs: CircleNeeds
    relevance: dict[tuple[int, Role], int]  # hidden judgements: (member, role) → 1 partial, 2 ideal


def judge(member: MemberProfile, role: Role, needs: CircleNeeds) -> int:
    """The community's rules for a good suggestion, independent of circleup's weights."""
    if not member.eligible or member.member_id in needs.exclude_ids or member.member_id == needs.author_id:
        return 0
    if member.last_active_days is None or member.last_active_days > ACTIVE_DAYS:
        return 0
    if needs.place is not None and place_key(member.location) != place_key(needs.place):
        return 0
    if needs.language is not None and needs.language not in member.languages:
        return 0
    has = member.shares if role == FACILITATOR else member.learns
    overlap = has & needs.skills
    if not overlap:
        return 0
    full = overlap == needs.skills
    if role == FACILITATOR:
        return 2 if full and member.is_citizen else 1
    return 2 if full else 1


def generate_circles(members: Sequence[MemberProfile], count: int, *, seed: int = 1) -> list[Circle]:
    rng = random.Random(seed)
    skill_weights = _zipf_weights(len(SKILLS), 0.7)
    located = [m for m in members if m.location is not None]
    circles = []
    for _ in range(count):
        author = rng.choice(members)
        skills = frozenset(_draw(rng, SKILLS, skill_weights, rng.choices((1, 2, 3), (45, 40, 15))[0]))
        place = language = None
        if rng.random() < 0.6:
            host = rng.choice(located)  # circles are proposed where people live
            place = host.location
            if rng.random() < 0.3:
                language = rng.choice(sorted(host.languages))
        needs = CircleNeeds(
            skills=skills, place=place, language=language, author_id=author.member_id,
            exclude_ids=frozenset({BOT_ID}),
        )
        relevance = {}
        for member in members:
            for role in (FACILITATOR, PARTICIPANT):
                grade = judge(member, role, needs)
                if grade:
                    relevance[(member.member_id, role)] = grade
        title = f"{' and '.join(sorted(skills))} circle" + (f" in {place}" if place else "")
        circles.append(Circle(title, needs, relevance))
    return circles


# -- the same community in words: how its members type skills and propose circles --------------------
# The tuning set for reading text (bench/matching_quality.py): template-built, so its forms differ
# from the hand-written held-out community in heldout.py.

# Other ways this community writes some skills: paraphrases, sentences, other languages.
REWORDINGS: dict[str, tuple[str, ...]] = {
    "Python": ("python coding", "scripting in Python", "Python-Programmierung"),
    "data analysis": ("crunching numbers", "analysing datasets", "análisis de datos", "Datenanalyse"),
    "JavaScript": ("JS front-end scripting", "programmation JavaScript"),
    "Wikipedia editing": ("writing encyclopedia articles", "editing wiki pages", "editar Wikipedia"),
    "photography": ("taking photos", "Fotografie", "fotografía de retrato"),
    "facilitation": ("running workshops and discussions", "facilitating group sessions", "animation de groupes"),
    "public speaking": ("speaking to an audience", "giving presentations", "oratória"),
    "graphic design": ("designing posters and flyers", "diseño gráfico", "Grafikdesign"),
    "spreadsheets": ("Excel formulas", "working with sheets and tables", "planilhas eletrônicas"),
    "grant writing": ("writing funding applications", "preparing grant proposals for foundations"),
    "community organising": ("organising my neighbourhood", "mobilising people around local issues"),
    "web design": ("designing websites", "diseño web", "Webdesign"),
    "video editing": ("cutting videos", "editing footage", "Videobearbeitung"),
    "social media": ("managing our Instagram and Twitter", "redes sociales", "soziale Netzwerke"),
    "translation": ("translating texts", "traduire des documents", "Übersetzen"),
    "project management": ("managing projects and deadlines", "gestión de proyectos", "Projektmanagement"),
    "fundraising": ("raising money for causes", "collecting donations", "levantamento de fundos"),
    "statistics": ("statistical analysis", "estadística", "Statistik"),
    "machine learning": ("training predictive models", "apprentissage automatique"),
    "journalism": ("reporting news stories", "periodismo", "Journalismus"),
    "event planning": ("organising events", "planning conferences and meetups", "organizar eventos"),
    "teaching": ("teaching kids", "giving lessons", "enseñar"),
    "mentoring": ("mentoring newcomers", "guiding junior people", "Mentoring für Einsteiger"),
    "storytelling": ("telling stories", "narrar historias"),
    "gardening": ("growing vegetables", "horta comunitária", "Gartenarbeit"),
    "cooking": ("cooking for many people", "cocinar", "Kochen"),
    "sewing": ("sewing clothes", "costurar", "Nähen"),
    "first aid": ("emergency first aid", "primeros auxilios", "Erste Hilfe"),
    "negotiation": ("negotiating agreements", "negociación"),
    "leadership": ("leading teams", "liderazgo", "Führung"),
    "volunteer management": ("coordinating volunteers", "gestión de voluntarios", "Ehrenamtliche koordinieren"),
    "evaluation": ("measuring programme impact", "evaluating projects", "evaluación de impacto"),
    "conflict transformation": ("transforming conflicts", "working through conflicts in groups"),
    "accounting": ("bookkeeping", "contabilidad", "Buchhaltung"),
    "marketing": ("promoting products", "mercadeo", "Vermarktung"),
    "beekeeping": ("keeping bees", "apicultura", "Imkerei"),
    "carpentry": ("building furniture", "carpintería", "Tischlerei"),
}
_SHARE_FORMS = ("{x}", "{x}", "{x}", "{x} (advanced)", "I can help with {x}", "good at {x}", "{X}")
_LEARN_FORMS = ("{x}", "{x}", "learning {x}", "curious about {x}", "{x} for beginners")
_TITLE_FORMS = (
    "{x} circle", "Learning {x} together", "Who wants to get better at {x}?", "A circle about {x}",
    "{x} study group", "Círculo de {x}", "Let's practise {x}",
)
_POST_FORMS = (
    "We'll work through the basics of {x} one evening a week.",
    "Looking for people to explore {x} with me.",
    "Nobody here is an expert in {x} yet, and that is the point.",
    "Vamos a practicar {x} juntos.",
)
_PLACE_FORMS = ("We meet in {place}.", "In person, at the {place} library.", "Sessions in {place} on Sundays.")


def _worded(rng: random.Random, skill: str) -> str:
    """One way a member writes `skill`: as named, reworded, or misspelt."""
    rewordings = REWORDINGS.get(skill, ())
    roll = rng.random()
    if rewordings and roll < 0.45:
        return rng.choice(rewordings)
    if roll < 0.55 and len(skill) > 6:
        i = rng.randrange(1, len(skill) - 2)  # two neighbouring letters swapped
        return skill[:i] + skill[i + 1] + skill[i] + skill[i + 2:]
    return skill


def member_texts(member: MemberProfile, *, seed: int = 0) -> tuple[str, str]:
    """The member's share and learn fields as they might have typed them."""
    rng = random.Random(seed * 1_000_003 + member.member_id)

    def field(skills: frozenset[str], forms: tuple[str, ...]) -> str:
        written = []
        for skill in sorted(skills):
            form = rng.choice(forms)
            text = _worded(rng, skill)
            written.append(form.replace("{X}", text.upper()).replace("{x}", text))
        return rng.choice((", ", "; ", "\n")).join(written)

    return field(member.shares, _SHARE_FORMS), field(member.learns, _LEARN_FORMS)


def circle_texts(circle: Circle, *, seed: int = 0) -> tuple[str, str]:
    """The title and first post a member might have written to propose the circle."""
    rng = random.Random(seed * 1_000_003 + zlib.crc32(circle.title.encode()))
    skills = sorted(circle.needs.skills)
    title = rng.choice(_TITLE_FORMS).replace("{x}", " & ".join(_worded(rng, s) for s in skills[:2]))
    body = [rng.choice(_POST_FORMS).replace("{x}", _worded(rng, s)) for s in skills]
    if circle.needs.place:
        body.append(rng.choice(_PLACE_FORMS).replace("{place}", circle.needs.place))
    return title, "\n\n".join(body)
