"""A second learning community, held out: circleup is never tuned on it (see bench/matching_quality.py).

Written apart from `synthetic.py` on purpose: hand-written phrasings rather than templates, people
who describe what they do in sentences, Spanish, French, Portuguese and German forms, typos, and
circles proposed the way people propose them — a title that never names the skill, a first post
in free prose, sometimes not in English. Every member and circle carries its hidden truth (the
taxonomy skills meant, the city), which only the judgements read.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

# skill (taxonomy name) → (ways members write it, circle titles, first-post sentences)
PHRASINGS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Event organising": (
        ("organising community events", "event planning", "I run our neighbourhood meetups",
         "organización de eventos", "planifier des événements", "Veranstaltungsplanung", "putting on events",
         "eventos comunitários", "evnt planning"),
        ("Throwing a community event people remember", "From idea to a packed room", "Organizar encuentros vecinales"),
        ("We want to learn how to plan a festival day: venues, schedules, volunteers on the day.",
         "Nobody in our group has ever put together a public gathering and we have one in spring."),
    ),
    "Conflict resolution": (
        ("conflict resolution", "mediating disputes", "helping people who disagree find common ground",
         "resolución de conflictos", "gestion des conflits", "Konfliktlösung", "calming tense meetings",
         "resolução de conflitos"),
        ("When the group argues: working through disagreements", "Keeping the peace in our collective",
         "Apprendre à gérer les désaccords"),
        ("Our meetings keep turning into fights and we would like to handle tension better.",
         "Practising how to mediate between two members who no longer talk to each other."),
    ),
    "Volunteer management": (
        ("volunteer coordination", "managing volunteers", "keeping volunteers motivated", "gestión de voluntarios",
         "coordination des bénévoles", "Ehrenamtskoordination", "recruiting and scheduling helpers",
         "gestão de voluntários"),
        ("Keeping volunteers happy and organised", "Our helpers keep dropping out", "Coordinar a las personas voluntarias"),
        ("We rely on forty volunteers and lose half of them every season.",
         "How do you schedule people who give their free time, and thank them properly?"),
    ),
    "Grant writing": (
        ("grant writing", "writing funding proposals", "I write applications to foundations",
         "redacción de propuestas de financiación", "rédaction de demandes de subvention", "Förderanträge schreiben",
         "grant aplications", "escrita de projetos para editais"),
        ("Writing proposals that funders say yes to", "Getting that foundation money", "Escribir solicitudes de subvención"),
        ("Our association has never won a grant and the next call closes in March.",
         "We will read successful applications and draft our own, section by section."),
    ),
    "Fundraising": (
        ("fundraising", "crowdfunding campaigns", "raising money from donors", "recaudación de fondos",
         "collecte de fonds", "Spendensammeln", "captação de recursos", "donor relations"),
        ("Crowdfunding our community radio", "Raising money without selling our soul", "Financement participatif"),
        ("We need to raise money from small donors for a new roof.",
         "Let's plan an online campaign and a donation drive together."),
    ),
    "Monitoring and evaluation": (
        ("monitoring and evaluation", "measuring impact", "M&E", "evaluating programmes", "seguimiento y evaluación",
         "suivi et évaluation", "Wirkungsmessung", "impact measurement", "avaliação de impacto"),
        ("Did our programme actually work?", "Showing funders the difference we make", "Medir el impacto de nuestros talleres"),
        ("We want to design indicators and find out whether our workshops change anything.",
         "Baselines, surveys before and after, and a simple results framework."),
    ),
    "Video editing": (
        ("video editing", "editing videos", "cutting footage in DaVinci Resolve", "edición de video",
         "montage vidéo", "Videoschnitt", "edição de vídeo", "I make YouTube videos and edit them myself"),
        ("Turning raw footage into a short film", "Cutting our documentary", "Apprendre le montage de nos vidéos"),
        ("We filmed hours of interviews and need to cut them into a ten-minute piece.",
         "Bring your laptop and some clips; we will practise timelines, cuts and transitions."),
    ),
    "Knitting and crochet": (
        ("knitting", "crochet", "I knit scarves for the whole family", "tejer", "tejido a crochet", "tricot",
         "Stricken", "tricô e crochê", "amigurumi crocheting"),
        ("Tejer juntos los sábados", "Yarn, needles and tea", "Knit and natter"),
        ("Bring wool and needles, beginners welcome, we will start with a simple scarf.",
         "Traigan lana y agujas, vamos a aprender puntos básicos."),
    ),
    "Data analysis": (
        ("making sense of data", "data analysis", "analysing survey results", "análisis de datos",
         "analyse de données", "Datenanalyse", "análise de dados", "finding patterns in numbers", "data analisys"),
        ("What are our numbers telling us?", "From a pile of survey answers to findings", "Analizar los datos de la encuesta"),
        ("We collected a thousand survey responses and have no idea how to read them.",
         "Learning to summarise, compare groups and spot trends in our records."),
    ),
    "Python": (
        ("Python", "coding in python", "python scripts for automation", "programación en Python",
         "programmation Python", "Python-Programmierung", "pyhton", "I automate boring tasks with Python"),
        ("Automate the boring stuff together", "Our first scripts with Python", "Scripts para automatizar tareas"),
        ("We will write small programs that rename files and read spreadsheets automatically.",
         "Install the interpreter before the first session; no experience needed."),
    ),
    "Programming": (
        ("programming", "Programmierung", "writing software", "programação", "programación",
         "développement logiciel", "coding", "I build apps for fun"),
        ("Learning to code from zero", "Your first program", "Apprendre à coder ensemble"),
        ("Never written a line of code? Neither have most of us.",
         "Variables, loops and functions, one evening a week."),
    ),
    "Photography": (
        ("photography", "taking pictures", "Fotografie", "fotografía", "photographie", "fotografia",
         "street photos with my phone", "portrait photographer"),
        ("Better pictures with the camera you already have", "Light, framing and patience", "Sacar mejores fotos"),
        ("We will walk the old town and practise composition and light.",
         "Bring any camera, even a phone, and a few of your favourite shots."),
    ),
    "Cooking": (
        ("cooking", "cozinhar", "cocinar", "cuisine", "Kochen", "I cook for big family gatherings",
         "making meals on a budget", "culinária"),
        ("Feeding a crowd on a budget", "Recipes from our grandmothers", "Cocinar juntos con lo que hay"),
        ("Each week someone shows a dish from home and we cook it together.",
         "Cheap, healthy meals for families, in a shared kitchen."),
    ),
    "Public speaking": (
        ("public speaking", "giving talks", "speaking in front of an audience", "hablar en público", "oratoria",
         "prise de parole en public", "öffentliches Reden", "falar em público"),
        ("Stop shaking before you speak", "Talking to a room without fear", "Prendre la parole sans trac"),
        ("We will each prepare a five-minute talk and give each other feedback.",
         "Stage fright, voice, and how to structure what you say."),
    ),
    "Translation": (
        ("translation", "translating documents", "traducción", "traduction", "Übersetzung", "tradução",
         "I translate between English and Portuguese", "translater"),
        ("Bringing texts into other languages", "Traduire nos guides pour tout le monde", "Translating our handbook"),
        ("Our handbook exists only in English and half our members read French or Spanish.",
         "We will translate a chapter together and compare choices."),
    ),
    "Gardening": (
        ("gardening", "growing vegetables", "huerto urbano", "jardinage", "Gärtnern", "jardinagem",
         "I keep a community garden plot", "composting and planting"),
        ("Growing food on a balcony", "Our shared vegetable plot", "Cultivar un huerto en la azotea"),
        ("Seeds, soil and compost: we will plant a small plot together this spring.",
         "Learn what grows in pots and how to keep it alive."),
    ),
    "Web development": (
        ("web development", "building websites", "desarrollo web", "développement web", "Webentwicklung",
         "desenvolvimento web", "I make websites for small shops", "frontend developer"),
        ("Putting our association online", "Make your own site from scratch", "Crear nuestra página web"),
        ("We want a simple website for the association that we can update ourselves.",
         "Pages, links, forms and getting it online."),
    ),
    "Spreadsheets": (
        ("spreadsheets", "Excel", "Google Sheets formulas", "hojas de cálculo", "tableur", "Tabellenkalkulation",
         "planilhas", "I keep all our accounts in spreadsheets"),
        ("Taming the budget sheet", "Formulas that save hours", "Dominar las hojas de cálculo"),
        ("Sums, lookups and pivot tables for our treasurer and anyone who is curious.",
         "Our membership list lives in a messy sheet and we want to tidy it."),
    ),
    "Social media": (
        ("social media", "running our Instagram", "redes sociales", "réseaux sociaux", "soziale Medien",
         "redes sociais", "posting on TikTok for our project", "community manager on Facebook"),
        ("Getting people to notice us online", "Posting without burning out", "Nuestras redes sociales"),
        ("Nobody follows our page; we want a plan for what to post and when.",
         "Photos, captions and a simple calendar for our accounts."),
    ),
    "Mapping and GIS": (
        ("GIS", "making maps", "cartografía", "cartographie", "Kartografie", "QGIS", "mapeamento",
         "I map rivers with open data"),
        ("Putting our neighbourhood on the map", "Maps that tell a story", "Mapear nuestro barrio"),
        ("We will map the trees, benches and water points of our district.",
         "Layers, coordinates and printing a map for the town hall."),
    ),
    "Storytelling": (
        ("storytelling", "telling stories", "narración", "raconter des histoires", "Geschichten erzählen",
         "contação de histórias", "I tell stories to children at the library"),
        ("Telling our story so people care", "Stories that move people", "Contar historias que emocionan"),
        ("How to turn what our project does into a story people remember.",
         "Characters, turning points and a good ending."),
    ),
    "Editing Wikipedia": (
        ("Wikipedia editing", "editing Wikipedia articles", "editar Wikipedia", "contribuer à Wikipédia",
         "Wikipedia bearbeiten", "editar a Wikipédia", "I write articles on Wikipedia about local history"),
        ("Our town deserves better articles online", "Write the encyclopedia", "Escribir artículos sobre nuestra región"),
        ("Our local history is missing from the free encyclopedia; let's write it, with sources.",
         "Create an account, learn the rules on references, improve one article each."),
    ),
    "Bicycle repair": (
        ("bike repair", "fixing bicycles", "reparación de bicicletas", "réparation de vélos", "Fahrradreparatur",
         "conserto de bicicletas", "I fix my neighbours' bikes"),
        ("Fix your own bike", "Flat tyres and squeaky brakes", "Taller de bicis en la plaza"),
        ("Bring your bike and we will learn to fix punctures and adjust brakes and gears.",
         "Tools provided; wear clothes you do not mind getting greasy."),
    ),
    "Teaching": (
        ("teaching", "enseñanza", "enseignement", "Unterrichten", "ensino", "I teach maths at a secondary school",
         "explaining things to students"),
        ("Becoming a better teacher", "Helping a class really learn", "Enseigner autrement"),
        ("For volunteers who give lessons and want their students to learn more.",
         "Planning a class, checking understanding, keeping attention."),
    ),
}

# city → ways members write where they live
CITIES: dict[str, tuple[str, ...]] = {
    "Lima": ("Lima", "Lima, Peru", "lima"),
    "Lyon": ("Lyon", "Lyon, France"),
    "São Paulo": ("São Paulo", "São Paulo, Brasil", "Sao Paulo"),
    "Berlin": ("Berlin", "Berlin, Germany"),
    "Nairobi": ("Nairobi", "Nairobi, Kenya"),
    "Manchester": ("Manchester", "Manchester, UK"),
    "Medellín": ("Medellín", "Medellin, Colombia"),
    "Montréal": ("Montréal", "Montreal, QC"),
}
# How a circle mentions its city, in its post; {city} is replaced.
WHERE = (
    "We meet at the public library in {city} on Saturdays.",
    "Sessions are in person in {city}, Tuesday evenings.",
    "Nos vemos en {city}, en el centro cultural.",
    "Rendez-vous à {city}, salle des associations.",
)
LEARN_WORDS = ("I'd like to learn ", "want to learn: ", "", "quiero aprender ", "")


@dataclass(frozen=True)
class Person:
    member_id: int
    username: str
    shares_text: str
    learns_text: str
    location: str | None
    city: str | None  # the truth behind `location`
    shares: frozenset[str]  # the truth behind the texts: taxonomy skills
    learns: frozenset[str]
    eligible: bool = True


@dataclass(frozen=True)
class Proposal:
    title: str
    raw: str
    tags: tuple[str, ...]
    author_id: int
    skills: frozenset[str]  # the truth
    city: str | None


def _phrase(rng: random.Random, skill: str) -> str:
    text = rng.choice(PHRASINGS[skill][0])
    roll = rng.random()
    if roll < 0.15:
        return text.upper() if len(text) < 15 else text.lower()
    if roll < 0.3:
        return text[:1].upper() + text[1:]
    return text


def members(count: int = 300, *, seed: int = 7001) -> list[Person]:
    rng = random.Random(seed)
    skills = list(PHRASINGS)
    cities = list(CITIES)
    people = []
    for member_id in range(1001, 1001 + count):
        shares = rng.sample(skills, rng.choice((1, 1, 2, 2, 3)))
        learns = [s for s in rng.sample(skills, rng.choice((0, 1, 1, 2))) if s not in shares]
        joiner = rng.choice((", ", "; ", "\n", " and "))
        shares_text = joiner.join(_phrase(rng, s) for s in shares)
        learns_text = ", ".join(rng.choice(LEARN_WORDS) + _phrase(rng, s) for s in learns)
        city = rng.choice(cities) if rng.random() < 0.85 else None
        location = rng.choice(CITIES[city]) if city else rng.choice((None, "online", "Earth"))
        people.append(Person(member_id, f"p{member_id}", shares_text, learns_text, location, city,
                             frozenset(shares), frozenset(learns), eligible=rng.random() > 0.05))
    return people


def circles(people: list[Person], count: int = 30, *, seed: int = 7002) -> list[Proposal]:
    """Circles about skills some member can share (a person could tell what each is about)."""
    rng = random.Random(seed)
    offered = sorted({s for p in people for s in p.shares})
    chosen = rng.sample(offered, min(count, len(offered)))
    while len(chosen) < count:
        chosen.append(rng.choice(offered))
    proposals = []
    for skill in chosen:
        titles, sentences = PHRASINGS[skill][1], PHRASINGS[skill][2]
        title = rng.choice(titles)
        body = list(rng.sample(sentences, rng.choice((1, 2))))
        city = rng.choice(list(CITIES)) if rng.random() < 0.6 else None
        if city:
            body.append(rng.choice(WHERE).format(city=city))
        body.append(rng.choice(("Everyone welcome!", "Reply below if you're in.", "¡Apúntate!", "")))
        author = rng.choice(people)
        proposals.append(Proposal(title, "\n\n".join(b for b in body if b), (), author.member_id,
                                  frozenset({skill}), city))
    return proposals
