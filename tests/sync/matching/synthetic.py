"""A synthetic peer-learning community with known ground truth, for the tests and bench/matching.py.

Skills and places follow Zipf-like popularity (a few are everywhere, most are rare), members speak
their place's language and often English, about one in eight is an approved facilitator, and some
are ineligible. Circle proposals ask for one to three skills, often a place, sometimes a language;
each carries its hidden relevance judgements, written as the community's rules rather than as
circleup's scoring formula (hard requirements, an activity cut-off, no notion of rarity).
"""
from __future__ import annotations

import random
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
# The tuning set for reading text (bench/matching_quality.py): built from word banks and frames, so
# its forms differ from the hand-written held-out community in heldout.py.

# Other ways this community writes some skills: paraphrases, activities, other languages.
REWORDINGS: dict[str, tuple[str, ...]] = {
    "Python": ("python coding", "scripting in Python", "Python-Programmierung", "writing small Python tools"),
    "data analysis": ("crunching numbers", "analysing datasets", "análisis de datos", "Datenanalyse",
                      "turning raw numbers into insight", "interpreting statistics from surveys"),
    "JavaScript": ("JS front-end scripting", "programmation JavaScript", "making web pages interactive"),
    "Wikipedia editing": ("writing encyclopedia articles", "editing wiki pages", "editar Wikipedia",
                          "improving articles on the online encyclopedia"),
    "photography": ("taking photos", "Fotografie", "fotografía de retrato", "shooting portraits with a DSLR"),
    "facilitation": ("running workshops and discussions", "facilitating group sessions", "animation de groupes",
                     "guiding group conversations"),
    "public speaking": ("speaking to an audience", "giving presentations", "oratória", "talking on stage"),
    "graphic design": ("designing posters and flyers", "diseño gráfico", "Grafikdesign", "making logos"),
    "spreadsheets": ("Excel formulas", "working with sheets and tables", "planilhas eletrônicas",
                     "pivot tables and lookups"),
    "grant writing": ("writing funding applications", "preparing grant proposals for foundations",
                      "solicitudes de financiamiento", "applying to funders for money"),
    "community organising": ("organising my neighbourhood", "mobilising people around local issues",
                             "organización comunitaria"),
    "web design": ("designing websites", "diseño web", "Webdesign", "laying out web pages"),
    "video editing": ("cutting videos", "editing footage", "Videobearbeitung", "putting clips together in Premiere"),
    "social media": ("managing our Instagram and Twitter", "redes sociales", "soziale Netzwerke",
                     "growing followers online"),
    "translation": ("translating texts", "traduire des documents", "Übersetzen", "turning English texts into Swahili"),
    "project management": ("managing projects and deadlines", "gestión de proyectos", "Projektmanagement",
                           "keeping projects on schedule"),
    "fundraising": ("raising money for causes", "collecting donations", "levantamento de fundos",
                    "asking donors for support"),
    "statistics": ("statistical analysis", "estadística", "Statistik", "regression and probability"),
    "machine learning": ("training predictive models", "apprentissage automatique", "teaching computers to learn from data"),
    "journalism": ("reporting news stories", "periodismo", "Journalismus", "writing for the local paper"),
    "event planning": ("organising events", "planning conferences and meetups", "organizar eventos",
                       "putting on festivals"),
    "teaching": ("teaching kids", "giving lessons", "enseñar", "running a classroom"),
    "mentoring": ("mentoring newcomers", "guiding junior people", "Mentoring für Einsteiger"),
    "storytelling": ("telling stories", "narrar historias", "spinning a good yarn for an audience"),
    "gardening": ("growing vegetables", "horta comunitária", "Gartenarbeit", "looking after plants and soil"),
    "cooking": ("cooking for many people", "cocinar", "Kochen", "preparing meals from scratch"),
    "sewing": ("sewing clothes", "costurar", "Nähen", "mending and altering garments"),
    "first aid": ("emergency first aid", "primeros auxilios", "Erste Hilfe"),
    "negotiation": ("negotiating agreements", "negociación", "bargaining with suppliers"),
    "leadership": ("leading teams", "liderazgo", "Führung"),
    "volunteer management": ("coordinating volunteers", "gestión de voluntarios", "Ehrenamtliche koordinieren",
                             "looking after our helpers"),
    "evaluation": ("measuring programme impact", "evaluating projects", "evaluación de impacto",
                   "checking whether a project achieved its goals"),
    "conflict transformation": ("transforming conflicts", "working through conflicts in groups"),
    "accounting": ("bookkeeping", "contabilidad", "Buchhaltung", "keeping the books balanced"),
    "marketing": ("promoting products", "mercadeo", "Vermarktung"),
    "beekeeping": ("keeping bees", "apicultura", "Imkerei"),
    "carpentry": ("building furniture", "carpintería", "Tischlerei", "working with wood"),
}
# What a circle about a skill sets out to do, as its proposers put it: goals for titles, then
# sentences for the first post. Never the skill's name, rarely a taxonomy term.
GOALS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Python": (("Write your first little programs in Python", "Scripts that do the dull work for you"),
               ("We will automate chores like renaming photos.", "Bring a laptop with the interpreter installed.")),
    "data analysis": (("Getting answers out of our spreadsheet of results", "Reading the story in the numbers"),
                      ("We have raw figures from last year and want to know what they say.",
                       "Averages, comparisons and charts for people who fear maths.")),
    "JavaScript": (("Make your web page react to clicks", "Interactive pages for beginners"),
                   ("Buttons, forms and little games in the browser.",)),
    "Wikipedia editing": (("Our region is missing from the encyclopedia", "Improve articles about women scientists"),
                          ("Learn to add references and write neutral articles online.",)),
    "photography": (("Taking better pictures with what you have", "Portraits in natural light"),
                    ("We go out with cameras and talk about framing.", "Phones are fine, curiosity required.")),
    "facilitation": (("Hosting meetings where everyone speaks", "Guiding a group conversation well"),
                     ("Agendas, check-ins and keeping time without being bossy.",)),
    "public speaking": (("Overcome stage fright", "Speak up at the town meeting"),
                        ("Each of us prepares a short talk and gets kind feedback.",)),
    "graphic design": (("Posters people actually read", "Logos and flyers for our club"),
                       ("Colour, fonts and layout with free tools.",)),
    "spreadsheets": (("Stop fighting with your Excel tables", "Formulas for the treasurer"),
                     ("Sums, filters and lookup tables for our accounts.",)),
    "grant writing": (("Winning money from foundations", "Applications that get funded"),
                      ("We draft a real proposal for the spring call together.",)),
    "community organising": (("Bringing neighbours together around the park", "Organise your street"),
                             ("How to mobilise people and hold a first meeting.",)),
    "web design": (("A good-looking site for our cooperative", "Pages that look good on phones"),
                   ("Layouts, colours and menus for a simple website.",)),
    "video editing": (("Turn your clips into a short film", "Cutting our festival footage"),
                      ("Timelines, transitions and sound in a free editor.",)),
    "social media": (("Growing our followers", "What to post this month"),
                     ("A calendar of posts for Instagram and Facebook.",)),
    "translation": (("Our leaflets in three languages", "From English into Swahili"),
                    ("We translate documents together and compare versions.",)),
    "project management": (("Delivering projects on time", "Planning without chaos"),
                           ("Milestones, task lists and who does what.",)),
    "fundraising": (("Money for the new library roof", "Asking people to donate"),
                    ("A donation campaign and a small benefit dinner.",)),
    "statistics": (("Probability without tears", "Understanding averages and variation"),
                   ("Means, medians and significance explained slowly.",)),
    "machine learning": (("Teach a computer to recognise plants", "Predicting from data"),
                         ("We train simple models and see where they fail.",)),
    "journalism": (("Reporting local news", "Writing stories for our newsletter"),
                   ("Interviews, checking facts and writing a short article.",)),
    "event planning": (("Putting on our summer festival", "Planning a conference for 200 people"),
                       ("Venues, schedules, catering and volunteers on the day.",)),
    "teaching": (("Helping pupils understand", "Better lessons for our volunteers"),
                 ("How to explain, check understanding and keep a class engaged.",)),
    "gardening": (("Vegetables on the rooftop", "Our shared allotment"),
                  ("Seeds, compost and watering schedules.",)),
    "cooking": (("Meals from scratch on a budget", "Dishes from home"),
                ("We cook a recipe together every week.",)),
    "sewing": (("Mend your own clothes", "Make a dress from a pattern"),
               ("Bring fabric and thread; machines provided.",)),
    "fundraising ": ((), ()),
    "volunteer management": (("Helpers who stay", "Recruiting and thanking volunteers"),
                             ("Schedules, recognition and keeping people motivated.",)),
    "evaluation": (("Did the project reach its goals?", "Showing our results to funders"),
                   ("Indicators, before-and-after surveys and a results report.",)),
    "beekeeping": (("Hives on the school roof", "Our first honey"),
                   ("Looking after a colony through the year.",)),
    "first aid": (("What to do before the ambulance comes", "Saving a life at the market"),
                  ("Bandages, recovery position and CPR basics.",)),
    "podcasting": (("Start our own radio show online", "Recording conversations people listen to"),
                   ("Microphones, recording and publishing episodes.",)),
    "storytelling": (("Telling our story so it sticks", "Stories for the campaign"),
                     ("Characters, conflict and a memorable ending.",)),
}
GOALS = {skill: goals for skill, goals in GOALS.items() if goals[0]}
_SHARE_FORMS = ("{x}", "{x}", "{x}", "{x} (advanced)", "I can help with {x}", "good at {x}", "{X}",
                "I've been {x} for years", "je maîtrise {x}", "sé de {x}")
_LEARN_FORMS = ("{x}", "{x}", "learning {x}", "curious about {x}", "{x} for beginners", "quiero aprender {x}")
_TITLE_FRAMES = ("{goal}", "{goal}", "{goal} — a learning circle", "Circle: {goal}", "{goal}?")
_CLOSINGS = ("All levels welcome.", "Comment if you want to come.", "Todos son bienvenidos.", "Venez nombreux !", "")
_PLACE_FORMS = ("We meet in {place}.", "In person, at the {place} library.", "Sessions in {place} on Sundays.",
                "On se retrouve à {place}.")


def _worded(rng: random.Random, skill: str) -> str:
    """One way a member writes `skill`: as named, reworded, or misspelt."""
    rewordings = REWORDINGS.get(skill, ())
    roll = rng.random()
    if rewordings and roll < 0.55:
        return rng.choice(rewordings)
    if roll < 0.65 and len(skill) > 6:
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


@dataclass(frozen=True)
class WrittenCircle:
    title: str
    raw: str
    author_id: int
    skills: frozenset[str]
    place: str | None


def written_circles(members: Sequence[MemberProfile], count: int, *, seed: int = 1) -> list[WrittenCircle]:
    """Circles proposed in prose about skills this community has, one or two skills each."""
    rng = random.Random(seed)
    offered = sorted({s for m in members for s in m.shares} & set(GOALS))
    located = [m for m in members if m.location is not None]
    circles = []
    for _ in range(count):
        skills = rng.sample(offered, rng.choice((1, 1, 1, 2)))
        titles, sentences = GOALS[skills[0]]
        title = rng.choice(_TITLE_FRAMES).replace("{goal}", rng.choice(titles))
        body = [rng.choice(GOALS[s][1]) for s in skills]
        if len(skills) > 1:
            body.insert(0, f"Also: {rng.choice(GOALS[skills[1]][0]).lower()}.")
        place = rng.choice(located).location if rng.random() < 0.6 else None
        if place:
            body.append(rng.choice(_PLACE_FORMS).replace("{place}", place))
        body.append(rng.choice(_CLOSINGS))
        circles.append(WrittenCircle(title, "\n\n".join(b for b in body if b), rng.choice(members).member_id,
                                     frozenset(skills), place))
    return circles
