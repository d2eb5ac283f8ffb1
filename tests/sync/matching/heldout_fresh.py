"""A third community, written after the semantic layer, its thresholds and the taxonomy's related
words were frozen, and never used to change them: the cleanest held-out figure in
bench/matching_quality.py. Same shape as heldout.py (people, proposals, hidden truth), different
skills, phrasings and cities.
"""
from __future__ import annotations

import random

from tests.sync.matching.heldout import Person, Proposal

# skill (taxonomy name) → (ways members write it, circle titles, first-post sentences)
PHRASINGS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Accounting": (
        ("bookkeeping for small associations", "contabilidad", "comptabilité", "Buchführung", "I do the books for our co-op",
         "double-entry accounts"),
        ("Making the treasurer's job less scary", "Balancing our books before the AGM", "Llevar las cuentas claras"),
        ("Receipts, ledgers and a year-end statement the members can understand.",
         "Our cash box and our bank statement never agree."),
    ),
    "Woodworking": (
        ("woodwork", "carpintería", "menuiserie", "Holzarbeiten", "I build shelves and tables", "joinery as a hobby"),
        ("Build a bench for the community garden", "Saws, chisels and patience", "Fabriquer nos propres meubles"),
        ("We will make a simple stool and learn to measure and cut safely.",
         "Timber is donated by the sawmill; bring gloves."),
    ),
    "Podcasting": (
        ("podcasting", "recording a weekly audio show", "hacer pódcast", "Podcasts produzieren", "I host a podcast about jazz"),
        ("Launching our neighbourhood audio show", "Voices from the market: our first episodes", "Grabar nuestro programa"),
        ("Microphones, interviews and publishing an episode every fortnight.",
         "We want listeners to hear the stories of older residents."),
    ),
    "Journalism": (
        ("journalism", "periodismo", "journalisme", "writing news for a local paper", "I was a reporter for ten years"),
        ("A newsroom for our district", "Covering the town council properly", "Escribir noticias locales"),
        ("How to find a story, check it twice and write it short.",
         "We plan a small community paper, printed every month."),
    ),
    "Negotiation": (
        ("negotiation", "negociación", "négociation", "Verhandeln", "getting good deals from suppliers",
         "I negotiate contracts at work"),
        ("Getting to yes with the landlord", "Asking for a fair price", "Negociar sin pelear"),
        ("Our lease ends soon and we need better terms.",
         "Role plays: one side wants more, the other wants to pay less."),
    ),
    "Data visualisation": (
        ("data visualisation", "making charts", "visualización de datos", "visualisation de données",
         "Datenvisualisierung", "I draw graphs that people understand"),
        ("Charts that tell the story at a glance", "Turning tables into pictures", "Gráficos claros para el informe"),
        ("Bar charts, maps and dashboards for our annual report.",
         "Which chart to pick and how to label it honestly."),
    ),
    "Graphic design": (
        ("graphic design", "diseño gráfico", "design graphique", "Grafikdesign", "I make posters for concerts",
         "logo design"),
        ("A poster for the festival", "Our brand: logo, colours, letters", "Affiches pour la fête de quartier"),
        ("Pick colours and fonts and make a flyer people keep.",
         "We will design the association's new logo together."),
    ),
    "Mentoring": (
        ("mentoring", "mentoría", "mentorat", "Mentoring", "guiding young professionals", "I mentor first-generation students"),
        ("Being a good guide to a newcomer", "Walking alongside someone new", "Acompañar a quien empieza"),
        ("How to support a mentee without taking over.",
         "Regular chats, goals and honest feedback for people starting out."),
    ),
    "Project management": (
        ("project management", "gestión de proyectos", "gestion de projet", "Projektleitung",
         "I coordinate projects with many partners", "planning and tracking work"),
        ("Finishing what we start", "One plan for the renovation", "Planificar el proyecto del centro"),
        ("Who does what by when, and what to do when things slip.",
         "A simple board with tasks and a weekly check."),
    ),
    "Sewing": (
        ("sewing", "costura", "couture", "Nähen", "I alter clothes for friends", "making my own dresses"),
        ("Fix it, don't bin it: clothes repair", "Our first skirt", "Coser con máquina"),
        ("Hems, buttons and zips: bring a torn garment.",
         "Two machines available, patterns for beginners."),
    ),
    "Statistics": (
        ("statistics", "estadística", "statistiques", "Statistik", "I teach probability", "regression models"),
        ("Is the difference real or just chance?", "Averages, spread and samples", "Entender la estadística"),
        ("Samples, margins of error and why a bigger survey helps.",
         "We read a study together and check its numbers."),
    ),
    "Fundraising": (
        ("fundraising", "recaudación de fondos", "collecte de fonds", "Fundraising", "organising charity drives",
         "I raised money for the school roof"),
        ("Paying for the new minibus", "A sponsored walk for the library", "Conseguir dinero para el comedor"),
        ("Ideas to collect money from neighbours and local businesses.",
         "A raffle, a sponsored run and an online appeal."),
    ),
    "Public speaking": (
        ("public speaking", "oratoria", "prise de parole", "Reden halten", "I give speeches at weddings",
         "presenting at conferences"),
        ("Say it clearly at the council meeting", "Three minutes on stage", "Hablar sin miedo ante la asamblea"),
        ("Breathing, pauses and looking at the audience.",
         "Everyone gives a short speech and gets two tips."),
    ),
    "Cooking": (
        ("cooking", "cocina casera", "cuisine familiale", "Kochen", "I cook for the soup kitchen", "baking bread and stews"),
        ("Soup for forty on Thursday", "Cooking with what the market has left", "Recettes de nos grands-mères"),
        ("We prepare one big pot together and share it.",
         "Knife skills, seasoning and planning a menu for a crowd."),
    ),
    "Social media": (
        ("social media", "redes sociales", "réseaux sociaux", "Social Media", "I run the club's Instagram",
         "posting reels"),
        ("More people should see what we do online", "A month of posts in one afternoon", "Nuestra cuenta de Instagram"),
        ("Photos, short videos and a posting plan for our accounts.",
         "Why nobody sees our posts and what to change."),
    ),
    "Teaching": (
        ("teaching", "docencia", "enseignement", "Lehren", "I teach primary school", "giving classes to adults"),
        ("Lessons that stick", "Teaching the homework club better", "Dar clases a adultos"),
        ("Planning a lesson, asking good questions, checking who understood.",
         "For volunteers who run our evening classes."),
    ),
}

CITIES: dict[str, tuple[str, ...]] = {
    "Valparaíso": ("Valparaíso", "Valparaiso, Chile"),
    "Marseille": ("Marseille", "Marseille, France"),
    "Recife": ("Recife", "Recife, Brasil"),
    "Hamburg": ("Hamburg", "Hamburg, Deutschland"),
    "Kisumu": ("Kisumu", "Kisumu, Kenya"),
    "Leeds": ("Leeds", "Leeds, UK"),
}
WHERE = (
    "We gather in {city}, at the neighbourhood hall.",
    "Nos juntamos en {city} los jueves.",
    "À {city}, le mercredi soir.",
)


def _phrase(rng: random.Random, skill: str) -> str:
    text = rng.choice(PHRASINGS[skill][0])
    return text.lower() if rng.random() < 0.2 else text


def members(count: int = 300, *, seed: int = 9101) -> list[Person]:
    rng = random.Random(seed)
    skills = list(PHRASINGS)
    cities = list(CITIES)
    people = []
    for member_id in range(5001, 5001 + count):
        shares = rng.sample(skills, rng.choice((1, 2, 2, 3)))
        learns = [s for s in rng.sample(skills, rng.choice((0, 1, 2))) if s not in shares]
        shares_text = rng.choice((", ", "; ", "\n")).join(_phrase(rng, s) for s in shares)
        learns_text = ", ".join(_phrase(rng, s) for s in learns)
        city = rng.choice(cities) if rng.random() < 0.9 else None
        location = rng.choice(CITIES[city]) if city else None
        people.append(Person(member_id, f"f{member_id}", shares_text, learns_text, location, city,
                             frozenset(shares), frozenset(learns), eligible=rng.random() > 0.05))
    return people


def circles(people: list[Person], count: int = 30, *, seed: int = 9102) -> list[Proposal]:
    rng = random.Random(seed)
    offered = sorted({s for p in people for s in p.shares})
    chosen = rng.sample(offered, min(count, len(offered)))
    while len(chosen) < count:
        chosen.append(rng.choice(offered))
    proposals = []
    for skill in chosen:
        titles, sentences = PHRASINGS[skill][1], PHRASINGS[skill][2]
        body = list(rng.sample(sentences, rng.choice((1, 2))))
        city = rng.choice(list(CITIES)) if rng.random() < 0.6 else None
        if city:
            body.append(rng.choice(WHERE).format(city=city))
        author = rng.choice(people)
        proposals.append(Proposal(rng.choice(titles), "\n\n".join(body), (), author.member_id, frozenset({skill}), city))
    return proposals
