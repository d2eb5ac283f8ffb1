"""A second sealed held-out community, written from the skill names alone by an independent author.

Nothing here was shaped by the taxonomy's data, the normalizer, the semantic reader, the matching
engine or the texts of the other communities: only the list of skill names was known. Twenty taxonomy
skills that no other community uses, over a dozen areas, and two skills outside the taxonomy
(`FREE_SKILLS`, labelled with this author's own names), typed the way members type: plain names,
synonyms, jargon, short sentences, typos and odd capitals, in English, Spanish, French, Portuguese,
German and Swahili. Members live in seven cities on four continents, or say nothing useful about where
they are; the circles are forum prose whose titles often do not name the skill.

Never tune on it: read its figures, never its texts, and never change the texts after seeing a figure.
"""
from __future__ import annotations

import random

from tests.sync.matching.heldout import Person, Proposal

FREE_SKILLS = ("Amateur astronomy", "Juggling")
FIRST_ID = 40001

# skill -> language -> how people type it. English lists carry the plain name, synonyms, jargon, a
# sentence, a typo and odd capitals; the other languages carry what a speaker would write.
MENTIONS: dict[str, dict[str, list[str]]] = {
    "SQL": {
        "en": ["SQL", "sql queries", "writing database queries (postgres, mysql)",
               "I write SELECTs and JOINs most days", "SQl", "structured query language"],
        "es": ["consultas SQL", "bases de datos con SQL", "escribir consultas en MySQL"],
        "fr": ["requêtes SQL", "le langage SQL", "écrire des requêtes sur PostgreSQL"],
        "pt": ["consultas SQL", "SQL (Postgres e MySQL)", "fazer queries no banco de dados"],
        "de": ["SQL-Abfragen", "Datenbankabfragen mit SQL", "SQL schreiben"],
        "sw": ["maswali ya SQL", "kuandika SQL kwenye hifadhidata"],
    },
    "Git": {
        "en": ["git", "Git / GitHub", "version control with git",
               "branching, rebasing and sorting out merge conflicts", "gti", "GIT"],
        "es": ["control de versiones con Git", "usar git y GitHub"],
        "fr": ["gestion de versions avec Git", "git (commits, branches, fusions)"],
        "pt": ["controle de versão com git", "Git e GitHub"],
        "de": ["Versionsverwaltung mit Git", "Git und GitLab"],
        "sw": ["kutumia git", "udhibiti wa matoleo kwa Git"],
    },
    "OpenRefine": {
        "en": ["OpenRefine", "open refine", "Google Refine (now OpenRefine)",
               "clustering and reconciling messy spreadsheets in OpenRefine", "openrefine", "Open-Refine"],
        "es": ["OpenRefine para limpiar datos", "usar OpenRefine"],
        "fr": ["OpenRefine", "nettoyer des tableaux avec OpenRefine"],
        "pt": ["OpenRefine", "limpeza de planilhas com o OpenRefine"],
        "de": ["OpenRefine", "Daten aufbereiten mit OpenRefine"],
        "sw": ["OpenRefine", "kutumia OpenRefine"],
    },
    "Edit-a-thons": {
        "en": ["edit-a-thons", "editathons", "running wiki editing marathons",
               "I organise edit-a-thons at the local library", "edit a thon", "Editathon hosting"],
        "es": ["editatones", "organizar editatones de Wikipedia"],
        "fr": ["éditathons", "organiser des marathons d'édition Wikipédia"],
        "pt": ["editatonas", "maratonas de edição na Wikipédia"],
        "de": ["Edit-a-thons", "Editathons für Wikipedia organisieren"],
        "sw": ["editathon", "kuandaa mashindano ya kuhariri Wikipedia"],
    },
    "Creative Commons licensing": {
        "en": ["Creative Commons licensing", "CC licenses", "choosing a CC BY-SA licence",
               "explaining open licences to artists", "creative commons", "CC-BY stuff"],
        "es": ["licencias Creative Commons", "licencias abiertas (CC BY)"],
        "fr": ["licences Creative Commons", "choisir une licence libre CC"],
        "pt": ["licenças Creative Commons", "licenciamento aberto CC"],
        "de": ["Creative-Commons-Lizenzen", "freie Lizenzen (CC BY-SA)"],
        "sw": ["leseni za Creative Commons", "leseni huria za CC"],
    },
    "Interpretation": {
        "en": ["interpreting", "interpretation", "simultaneous interpreting",
               "consecutive interpreting at community meetings", "conference interpreter", "interpeting"],
        "es": ["interpretación simultánea", "interpretación consecutiva", "intérprete de conferencias"],
        "fr": ["interprétation", "interprète de conférence", "interprétariat"],
        "pt": ["interpretação simultânea", "intérprete"],
        "de": ["Dolmetschen", "Simultandolmetschen", "Konferenzdolmetscherin"],
        "sw": ["ukalimani", "mkalimani wa mikutano"],
    },
    "Localisation": {
        "en": ["localisation", "localization (l10n)", "software localization",
               "adapting app interfaces to other languages and locales", "l10n", "localizaton"],
        "es": ["localización de software", "localizar aplicaciones"],
        "fr": ["localisation de logiciels", "adapter des interfaces (l10n)"],
        "pt": ["localização de software", "adaptar interfaces de aplicativos para outros idiomas"],
        "de": ["Lokalisierung", "Softwarelokalisierung (l10n)"],
        "sw": ["ujanibishaji wa programu", "kutafsiri violesura vya programu"],
    },
    "Coaching": {
        "en": ["coaching", "life coaching", "career coach", "one-to-one coaching (ICF trained)",
               "coachign", "executive coaching"],
        "es": ["coaching", "coaching personal", "procesos de coaching"],
        "fr": ["coaching", "accompagnement individuel (coach certifiée)"],
        "pt": ["coaching", "coaching de carreira"],
        "de": ["Coaching", "Einzelcoaching"],
        "sw": ["ukocha wa maisha", "ukufunzi binafsi (coaching)"],
    },
    "Newcomer onboarding": {
        "en": ["onboarding newcomers", "newcomer onboarding", "welcoming new editors",
               "helping new volunteers find their feet in the first weeks", "on-boarding",
               "Onboarding New Members"],
        "es": ["acogida de personas nuevas", "integración de recién llegados"],
        "fr": ["accueil des nouveaux", "intégration des nouveaux bénévoles"],
        "pt": ["acolhimento de novatos", "integração de recém-chegados"],
        "de": ["Einarbeitung neuer Mitglieder", "Neue willkommen heißen (Onboarding)"],
        "sw": ["kukaribisha wanachama wapya", "kuwaelekeza wageni wapya"],
    },
    "Workshop design": {
        "en": ["workshop design", "designing workshops", "planning workshop agendas and exercises",
               "I design hands-on sessions with clear learning goals", "workshp design", "Workshop Design"],
        "es": ["diseño de talleres", "diseñar talleres participativos"],
        "fr": ["conception d'ateliers", "concevoir des ateliers"],
        "pt": ["desenho de oficinas", "planejar oficinas"],
        "de": ["Workshops konzipieren", "Workshopdesign"],
        "sw": ["kubuni warsha", "kupanga warsha"],
    },
    "Blogging": {
        "en": ["blogging", "writing a blog", "my own blog on Medium", "I post weekly on my personal blog",
               "bloging", "Blog writing"],
        "es": ["escribir un blog", "bloguear"],
        "fr": ["tenir un blog", "écriture de blog"],
        "pt": ["escrever no blog", "blogar"],
        "de": ["Bloggen", "einen Blog schreiben"],
        "sw": ["kuandika blogu", "blogu"],
    },
    "Qualitative research": {
        "en": ["qualitative research", "interviews and focus groups", "thematic analysis of interviews",
               "qual research", "qualitative methods", "Qualitative Reserch"],
        "es": ["investigación cualitativa", "entrevistas y grupos focales"],
        "fr": ["recherche qualitative", "entretiens semi-directifs"],
        "pt": ["pesquisa qualitativa", "entrevistas e grupos focais"],
        "de": ["qualitative Forschung", "qualitative Interviews auswerten"],
        "sw": ["utafiti wa ubora", "mahojiano na majadiliano ya vikundi"],
    },
    "Web scraping": {
        "en": ["web scraping", "scraping websites with BeautifulSoup", "crawlers",
               "pulling data off web pages automatically", "webscraping", "Scrapy"],
        "es": ["web scraping", "extraer datos de páginas web"],
        "fr": ["moissonnage de sites web", "scraping de données web"],
        "pt": ["raspagem de dados", "web scraping"],
        "de": ["Web-Scraping", "Daten von Webseiten extrahieren"],
        "sw": ["kuchota data kutoka tovuti", "web scraping"],
    },
    "Tutoring": {
        "en": ["tutoring", "private tutoring", "homework help for high schoolers",
               "I tutor maths and physics one to one", "tutor", "tutering"],
        "es": ["clases particulares", "tutorías", "apoyo escolar"],
        "fr": ["cours particuliers", "soutien scolaire"],
        "pt": ["aulas particulares", "reforço escolar"],
        "de": ["Nachhilfe", "Nachhilfe in Mathe"],
        "sw": ["masomo ya ziada", "kufundisha wanafunzi mmoja mmoja"],
    },
    "Music production": {
        "en": ["music production", "making beats", "producing tracks in Ableton", "mixing and mastering",
               "DAW stuff", "music producing"],
        "es": ["producción musical", "hacer beats en FL Studio"],
        "fr": ["production musicale", "MAO (musique assistée par ordinateur)"],
        "pt": ["produção musical", "fazer beats"],
        "de": ["Musikproduktion", "Beats bauen in Ableton"],
        "sw": ["utayarishaji wa muziki", "kutengeneza midundo"],
    },
    "Drone photography": {
        "en": ["drone photography", "aerial photos with a DJI", "flying drones for aerial shots",
               "drone pilot", "UAV photography", "drone fotography"],
        "es": ["fotografía con drones", "fotografía aérea con dron"],
        "fr": ["photo par drone", "prise de vue aérienne en drone"],
        "pt": ["fotografia com drone", "imagens aéreas de drone"],
        "de": ["Drohnenfotografie", "Luftaufnahmen mit Drohne"],
        "sw": ["upigaji picha kwa droni", "picha za angani kwa droni"],
    },
    "Pitching": {
        "en": ["pitching", "pitching to investors", "elevator pitches", "pitch decks and demo days",
               "pitchs", "PITCHING"],
        "es": ["hacer pitch", "presentar proyectos a inversores"],
        "fr": ["pitcher son projet", "pitch devant des investisseurs"],
        "pt": ["pitch para investidores", "fazer pitch"],
        "de": ["Pitchen", "Pitch vor Investoren"],
        "sw": ["kuwasilisha wazo kwa wawekezaji", "pitching"],
    },
    "Time management": {
        "en": ["time management", "managing my time", "Pomodoro and time blocking",
               "getting things done without burning out", "time managment", "prioritising"],
        "es": ["gestión del tiempo", "organizar mi tiempo"],
        "fr": ["gestion du temps", "organisation personnelle"],
        "pt": ["gestão do tempo", "organizar o tempo"],
        "de": ["Zeitmanagement", "Selbstorganisation"],
        "sw": ["usimamizi wa muda", "kupanga muda"],
    },
    "Raspberry Pi": {
        "en": ["Raspberry Pi", "raspi projects", "home servers on a Pi",
               "tinkering with Raspberry Pis and GPIO pins", "rasberry pi", "RPi"],
        "es": ["Raspberry Pi", "proyectos con Raspberry"],
        "fr": ["Raspberry Pi", "bidouiller sur Raspberry"],
        "pt": ["Raspberry Pi", "projetos com Raspberry"],
        "de": ["Raspberry Pi", "Basteln mit dem Raspi"],
        "sw": ["Raspberry Pi", "miradi ya Raspberry Pi"],
    },
    "Farming": {
        "en": ["farming", "smallholder farming", "growing maize and beans on our plot", "agriculture",
               "running a small farm", "farmin"],
        "es": ["agricultura", "trabajo en la finca"],
        "fr": ["agriculture", "travail à la ferme"],
        "pt": ["agricultura", "roça", "agricultura familiar"],
        "de": ["Landwirtschaft", "Ackerbau auf dem Hof"],
        "sw": ["kilimo", "ukulima wa mahindi"],
    },
    "Amateur astronomy": {
        "en": ["stargazing", "amateur astronomy", "telescopes",
               "I observe planets and star clusters with my telescope", "astronmy", "Star Gazing"],
        "es": ["astronomía amateur", "observar estrellas"],
        "fr": ["astronomie amateur", "observation du ciel"],
        "pt": ["astronomia amadora", "observar o céu"],
        "de": ["Hobby-Astronomie", "Sterne beobachten"],
        "sw": ["kutazama nyota", "elimu ya nyota"],
    },
    "Juggling": {
        "en": ["juggling", "juggling balls and clubs", "I can juggle 5 balls", "siteswaps", "jugling",
               "Juggling (+ a bit of poi)"],
        "es": ["malabares", "hacer malabares"],
        "fr": ["jonglage", "jongler"],
        "pt": ["malabarismo", "malabares"],
        "de": ["Jonglieren", "jonglieren mit Bällen"],
        "sw": ["kurusha na kudaka mipira (juggling)", "mchezo wa kurusha mipira"],
    },
}

# city -> (how its members type it, which languages they write in and how often)
CITIES: dict[str, tuple[list[str], dict[str, float]]] = {
    "Manchester": (["Manchester", "Manchester, UK", "manchester", "Salford / Manchester",
                    "Manchester, England"], {"en": 1.0}),
    "Toronto": (["Toronto", "Toronto, ON", "toronto, canada", "Toronto (east end)"], {"en": 0.9, "fr": 0.1}),
    "Bogotá": (["Bogotá", "Bogota, Colombia", "bogotá D.C.", "Chapinero, Bogotá"], {"es": 0.85, "en": 0.15}),
    "Recife": (["Recife", "Recife - PE", "recife, brasil", "Boa Viagem, Recife"], {"pt": 0.85, "en": 0.15}),
    "Lyon": (["Lyon", "Lyon, France", "lyon 3e", "Lyon (69)"], {"fr": 0.85, "en": 0.15}),
    "Leipzig": (["Leipzig", "Leipzig, Deutschland", "leipzig-connewitz", "Leipzig, Sachsen"],
                {"de": 0.8, "en": 0.2}),
    "Nairobi": (["Nairobi", "Nairobi, Kenya", "nairobi ke", "Westlands, Nairobi"], {"sw": 0.45, "en": 0.55}),
}
NOWHERE = ["online", "", None, "Remote", "everywhere", "Internet"]
NOWHERE_LANGUAGES = {"en": 0.6, "es": 0.08, "fr": 0.08, "pt": 0.08, "de": 0.08, "sw": 0.08}

NAMES: dict[str, tuple[list[str], list[str]]] = {
    "en": (["Olivia", "Marcus", "Priya", "Tom", "Aisha", "Liam", "Grace", "Dev", "Hannah", "Owen"],
           ["Walsh", "Okafor", "Patel", "Hughes", "Singh", "Brennan", "Chen", "Morris"]),
    "es": (["Camila", "Andres", "Valentina", "Julian", "Lucia", "Mateo", "Daniela", "Santiago"],
           ["Rojas", "Gomez", "Castro", "Moreno", "Vargas", "Herrera"]),
    "fr": (["Camille", "Louis", "Manon", "Hugo", "Chloe", "Theo", "Ines", "Mathis"],
           ["Martin", "Bernard", "Dubois", "Moreau", "Girard", "Lefevre"]),
    "pt": (["Ana", "Joao", "Beatriz", "Rafael", "Larissa", "Thiago", "Mariana", "Caio"],
           ["Silva", "Souza", "Lima", "Ferreira", "Araujo", "Barbosa"]),
    "de": (["Lena", "Jonas", "Marie", "Felix", "Sophie", "Lukas", "Hanna", "Paul"],
           ["Mueller", "Schmidt", "Wagner", "Becker", "Hoffmann", "Krause"]),
    "sw": (["Wanjiru", "Otieno", "Amina", "Kamau", "Achieng", "Baraka", "Neema", "Mwangi"],
           ["Njoroge", "Odhiambo", "Mutua", "Wafula", "Kiprop", "Chege"]),
}
AND = {"en": "and", "es": "y", "fr": "et", "pt": "e", "de": "und", "sw": "na"}
SHARE_OPENERS = {
    "en": ["I can help with ", "Happy to teach ", "I know a fair bit about "],
    "es": ["Puedo enseñar ", "Sé bastante de "],
    "fr": ["Je peux aider en ", "Je m'y connais en "],
    "pt": ["Posso ensinar ", "Manjo de "],
    "de": ["Ich helfe gern bei: ", "Ich kenne mich aus mit: "],
    "sw": ["Naweza kufundisha ", "Ninajua "],
}
LEARN_OPENERS = {
    "en": ["I'd like to learn ", "Want to get better at ", "Keen to pick up "],
    "es": ["Quiero aprender ", "Me gustaría aprender "],
    "fr": ["J'aimerais apprendre ", "Envie de me lancer dans "],
    "pt": ["Quero aprender ", "Gostaria de aprender "],
    "de": ["Ich möchte lernen: ", "Würde gern lernen: "],
    "sw": ["Ningependa kujifunza ", "Nataka kujifunza "],
}


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _mention(rng: random.Random, skill: str, language: str) -> str:
    # people writing another language now and then reach for the English word
    if language != "en" and rng.random() < 0.15:
        language = "en"
    return rng.choice(MENTIONS[skill][language])


def _field(rng: random.Random, skills: list[str], language: str, openers: dict[str, list[str]]) -> str:
    if not skills:
        return ""
    items = [_mention(rng, skill, language) for skill in skills]
    style = rng.random()
    if style < 0.3:
        return ", ".join(items)
    if style < 0.5:
        return "\n".join(items)
    joined = items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {AND[language]} " + items[-1]
    if style < 0.75:
        return joined
    return rng.choice(openers[language]) + joined + "."


def members(count: int = 300, *, seed: int = 40401) -> list[Person]:
    rng = random.Random(seed)
    skills = sorted(MENTIONS)
    people = []
    for i in range(count):
        member_id = FIRST_ID + i
        if rng.random() < 0.1:
            city, location, language = None, rng.choice(NOWHERE), _weighted(rng, NOWHERE_LANGUAGES)
        else:
            city = rng.choice(sorted(CITIES))
            spellings, languages = CITIES[city]
            location, language = rng.choice(spellings), _weighted(rng, languages)
        shares = rng.sample(skills, rng.choice((1, 1, 2, 2, 3)))
        learns = rng.sample([s for s in skills if s not in shares], rng.choice((0, 1, 1, 2)))
        firsts, lasts = NAMES[language]
        username = f"{rng.choice(firsts).lower()}_{rng.choice(lasts).lower()[:4]}{member_id - FIRST_ID + 1}"
        people.append(Person(
            member_id, username,
            _field(rng, shares, language, SHARE_OPENERS), _field(rng, learns, language, LEARN_OPENERS),
            location, city, frozenset(shares), frozenset(learns), eligible=rng.random() >= 0.05,
        ))
    return people


# (title, post, tags, skills, city) — forum prose as members would propose a circle
WRITTEN: list[tuple[str, str, tuple[str, ...], tuple[str, ...], str | None]] = [
    ("Getting answers out of our membership database",
     "A few of us keep exporting everything to CSV because nobody feels confident asking the Postgres "
     "copy questions directly. Let's meet every other Thursday at 6pm at Central Library, Manchester, and "
     "work through SELECT, JOIN and GROUP BY on real (anonymised) tables. Bring a laptop.",
     ("data", "manchester"), ("SQL",), "Manchester"),
    ("Que no se nos pierda el código otra vez",
     "En el colectivo varias personas editamos los mismos archivos y terminamos con versiones "
     "«final_final2». Proponemos un círculo para aprender control de versiones: ramas, commits y pull "
     "requests. Nos vemos los sábados a las 10 a. m. en la Biblioteca Virgilio Barco, Bogotá.",
     ("tecnologia",), ("Git",), "Bogotá"),
    ("Messy museum spreadsheet, six evenings",
     "The local history society handed us 4,000 rows of object records with dates in nine different "
     "formats. I'd like a small group to learn facets, clustering and reconciliation together in "
     "OpenRefine. Online on Jitsi, Tuesdays 19:00 UTC, starting next month.",
     (), ("OpenRefine",), None),
    ("Un après-midi pour faire entrer les autrices lyonnaises dans l'encyclopédie",
     "Nous aimerions apprendre à organiser nous-mêmes des éditathons : trouver une salle, préparer les "
     "listes d'articles à créer, encadrer la journée. Première rencontre le samedi 14 à la Bibliothèque "
     "municipale de la Part-Dieu, Lyon, de 14 h à 17 h.",
     ("wikipedia", "lyon"), ("Edit-a-thons",), "Lyon"),
    ("Can I use that photo? (and how should I share mine)",
     "Our zine collective keeps tripping over what BY, SA and NC actually allow. This circle would read "
     "the licence deeds together and work out which licence fits each of our projects. Wednesdays at 7pm, "
     "Lillian H. Smith branch of the Toronto Public Library, four weeks.",
     ("open-content",), ("Creative Commons licensing",), "Toronto"),
    ("Zwischen zwei Sprachen in Echtzeit",
     "Zu unseren Nachbarschaftstreffen kommen immer mehr Menschen, die kein Deutsch sprechen. Wir möchten "
     "gemeinsam üben, Gespräche konsekutiv zu dolmetschen, und die Notizentechnik dafür lernen. Treffpunkt "
     "ist montags um 18 Uhr im Haus der Demokratie in Leipzig.",
     ("sprachen",), ("Interpretation",), "Leipzig"),
    ("Getting our app to speak Swahili properly",
     "We built a small market-price app and the interface strings are still all in English. Looking for "
     "people who have adapted software for other languages (plural forms, date formats, string files) "
     "and people who want to learn. Saturdays 2pm at iHub, Nairobi.",
     ("apps", "nairobi"), ("Localisation",), "Nairobi"),
    ("Conversas que destravam",
     "Quero formar um grupo para praticar técnicas de coaching entre pares: perguntas poderosas, definição "
     "de metas e acompanhamento. Encontros quinzenais às quartas, 19h, no Paço do Frevo, Recife. Vagas para "
     "quem já pratica e para quem está começando.",
     (), ("Coaching",), "Recife"),
    ("The first two weeks decide whether people stay",
     "Half the volunteers who sign up for our project vanish before their first task. Let's swap the "
     "welcome messages, buddy systems and first-task lists that worked for us, and build a better start "
     "for new people. Monthly video call, first Monday, 17:00 UTC.",
     ("volunteers",), ("Newcomer onboarding",), None),
    ("Jinsi ya kupanga warsha inayovutia",
     "Tunataka kujifunza pamoja jinsi ya kubuni warsha: malengo, mazoezi ya vikundi na ratiba ya siku "
     "nzima. Tutakutana kila Jumamosi saa nne asubuhi katika maktaba ya McMillan, Nairobi. Karibuni wote.",
     ("nairobi",), ("Workshop design",), "Nairobi"),
    ("Posting every week without running dry",
     "A circle for people who keep a personal blog, or want to start one, and give up after three posts. "
     "We'll set a small weekly writing goal, read each other's drafts and talk about finding readers. "
     "Sunday mornings, 10:30, at a café in the Northern Quarter, Manchester.",
     ("writing",), ("Blogging",), "Manchester"),
    ("Entretiens, grilles et codage",
     "Doctorantes et bénévoles associatifs, nous menons des entretiens mais ne savons pas toujours comment "
     "les analyser. Ce cercle propose de lire ensemble des manuels de méthodes qualitatives et de coder nos "
     "propres corpus. Le jeudi à 18 h, Maison des étudiants, Lyon 7e.",
     ("recherche",), ("Qualitative research",), "Lyon"),
    ("Collecting rental listings before they disappear",
     "For our tenants' union research we need to save listings from a few sites every day. I'd like to "
     "learn to write small scripts that fetch pages and pull out prices and addresses, while staying "
     "polite about rate limits. Tuesday evenings at the Centre for Social Innovation, Toronto.",
     ("housing", "toronto"), ("Web scraping",), "Toronto"),
    ("Refuerzo escolar para los chicos del barrio",
     "Queremos armar un grupo de voluntarios que den clases particulares de matemáticas y lectura a niños "
     "de primaria, y aprender entre nosotros cómo acompañarlos uno a uno. Nos reunimos los miércoles a las "
     "4 p. m. en el salón comunal de Kennedy, Bogotá.",
     ("educacion",), ("Tutoring",), "Bogotá"),
    ("From voice memo to finished track",
     "Lots of us have half-finished songs on our phones. This circle meets online to learn arranging in a "
     "DAW, sound design and basic mixing, and each person finishes one track in eight weeks. Thursdays "
     "20:00 CET on Discord.",
     ("music",), ("Music production",), None),
    ("Recife vista de cima",
     "Grupo para quem voa ou quer aprender a voar drone para fotografar a cidade: regras da ANAC, "
     "planejamento de voo e composição de imagens aéreas. Encontros aos domingos às 7h no Marco Zero, "
     "Recife, quando o vento ajudar.",
     ("recife",), ("Drone photography",), "Recife"),
    ("Five minutes to convince a funder",
     "Demo day is in six weeks and most of our founders freeze on stage. We'll practise short startup "
     "pitches, give each other honest feedback and rebuild our slide decks. Fridays 5pm at Nailab, Nairobi.",
     ("startups",), ("Pitching",), "Nairobi"),
    ("Weniger Chaos im Kalender",
     "Ein Online-Kreis für alle, die zwischen Job, Ehrenamt und Familie den Überblick verlieren. Wir "
     "probieren Methoden wie Pomodoro und Wochenplanung aus und berichten uns, was funktioniert hat. "
     "Dienstags um 20 Uhr per Videokonferenz.",
     (), ("Time management",), None),
    ("Tiny computers, big weather station",
     "Let's build a neighbourhood air-quality and weather station on a credit-card sized board with a few "
     "sensors, and learn to wire up the pins along the way. Saturdays at 3pm at the makerspace in "
     "Plagwitz, Leipzig (in English, Deutsch auch ok).",
     ("hardware", "leipzig"), ("Raspberry Pi",), "Leipzig"),
    ("Kilimo bora cha mboga na mahindi",
     "Wakulima wadogo wa Kiambu na Nairobi, tujifunze pamoja kuhusu mbegu bora, mbolea ya asili na jinsi "
     "ya kuuza mazao sokoni. Tutakutana kila Alhamisi saa tisa alasiri katika ukumbi wa jamii Kangemi, "
     "Nairobi.",
     ("kilimo",), ("Farming",), "Nairobi"),
    ("Clear skies over the moors",
     "A few of us drive out to dark spots to look at Jupiter and the Orion Nebula. We'd like a circle to "
     "learn star-hopping, choosing eyepieces and setting up a telescope from scratch. Meet at the Godlee "
     "Observatory, Manchester, on the first Friday after new moon, 8pm.",
     ("night-sky",), ("Amateur astronomy",), "Manchester"),
    ("Noches de cielo en la sabana",
     "Proponemos un círculo de astronomía para principiantes: reconocer constelaciones, usar un telescopio "
     "pequeño y seguir las fases de la Luna. Nos vemos el primer sábado del mes a las 7 p. m. en el "
     "Planetario de Bogotá.",
     ("ciencia",), ("Amateur astronomy",), "Bogotá"),
    ("Trois balles, puis quatre",
     "On se retrouve au parc de la Tête d'Or le dimanche à 15 h pour apprendre à jongler : cascade à trois "
     "balles, massues, et quelques figures de passing à deux. Débutants bienvenus, on a des balles à "
     "prêter.",
     ("loisirs", "lyon"), ("Juggling",), "Lyon"),
    ("Passing clubs in the park",
     "Looking for people who throw, or want to learn to throw, balls and clubs. We'll start with the "
     "three-ball cascade, then siteswaps and passing patterns. Trinity Bellwoods Park, Toronto, Sunday "
     "afternoons from 2pm, weather permitting.",
     (), ("Juggling",), "Toronto"),
    ("From messy websites to a tidy database",
     "I want to learn the whole pipeline: fetch public tender notices from government web pages, parse "
     "them, and load them into tables we can query. Looking for people who know either end of it. "
     "Fortnightly online sessions, Wednesdays 18:00 UTC.",
     ("data", "open-government"), ("Web scraping", "SQL"), None),
    ("A better first evening for new volunteers",
     "Our induction evening is a slideshow and a tour of the building. We'd like to redesign it as an "
     "interactive session (clear aims, small-group exercises, sensible timings) that makes people feel "
     "welcome in their first month. Two planning mornings at Central Library, Manchester, on Saturdays.",
     ("volunteers", "manchester"), ("Workshop design", "Newcomer onboarding"), "Manchester"),
    ("Ziele setzen, Zeit finden",
     "Wir coachen uns gegenseitig in kleinen Gruppen: Ziele klären, Hindernisse besprechen, und dabei "
     "lernen, die eigene Woche realistisch zu planen. Jeden zweiten Mittwoch um 19 Uhr im Westwerk, Leipzig.",
     ("leipzig",), ("Coaching", "Time management"), "Leipzig"),
    ("Escrever na internet sobre o nosso bairro",
     "Moradores de Casa Amarela querem criar um blog coletivo sobre a história e a vida do bairro. Vamos "
     "aprender a escrever posts curtos, manter uma frequência e divulgar os textos. Sábados às 9h na "
     "biblioteca comunitária de Casa Amarela, Recife.",
     ("bairro",), ("Blogging",), "Recife"),
    ("Interpreting for community health meetings",
     "Health volunteers in Kibera hold meetings in Swahili, Sheng and English, and things get lost between "
     "them. We want to get better at rendering what people say accurately and neutrally, live. Tuesdays "
     "4pm at the community hall, Kibera, Nairobi.",
     ("health",), ("Interpretation",), "Nairobi"),
    ("Homework club needs grown-ups",
     "The after-school homework club at our community centre has 30 kids and three adults. Join us to help "
     "with maths and reading, and learn from each other how to explain things one to one. Mondays and "
     "Wednesdays 3:30 to 5pm, Scadding Court Community Centre, Toronto.",
     ("kids", "toronto"), ("Tutoring",), "Toronto"),
]


def circles(people: list[Person], count: int = 30, *, seed: int = 40402) -> list[Proposal]:
    rng = random.Random(seed)
    proposals = []
    for title, raw, tags, skills, city in WRITTEN[:count]:
        # the author is someone who knows the subject, in the circle's city when anyone there does
        knowing = [p for p in people if p.shares & set(skills)] or people
        local = [p for p in knowing if p.city == city]
        author = rng.choice(local or knowing)
        proposals.append(Proposal(title, raw, tags, author.member_id, frozenset(skills), city))
    return proposals
