"""A third sealed held-out community, written from the skill names alone by an independent author.

Nothing here was shaped by the taxonomy's data, the normalizer, the semantic reader, the matching
engine or the texts of the other communities: only the list of skill names, and which of them the other
communities already use, were known. Twenty-five taxonomy skills over many areas (seventeen that no other
community uses) and three skills outside the taxonomy (`FREE_SKILLS`, named by this author), typed the
way members type: plain names, synonyms, jargon, short sentences, typos and odd capitals, in English,
Spanish, French, Portuguese, German and Swahili. Members live in ten cities on six continents, written
as people write them, or say nothing useful about where they are; the circles are forum prose whose
titles seldom name the skill.

Never tune on it: read its figures, never its texts, and never change the texts after seeing a figure.
"""
from __future__ import annotations

import random

from tests.sync.matching.heldout import Person, Proposal

FREE_SKILLS = ("Bookbinding", "Home fermentation", "Urban sketching")
FIRST_ID = 60001
# Every skill is shared by this many eligible members, so that every circle has people to suggest.
PLANTED_SHARERS = 5

LANGUAGES = ("en", "es", "fr", "pt", "de", "sw")
LANGUAGE_WEIGHTS = (57, 12, 10, 9, 7, 5)

# skill -> language -> (what members call it, sentences a member who can share it writes)
SAYINGS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "Wikivoyage": {
        "en": (("Wikivoyage", "wikivoyage travel guides", "writing travel guides on Wikivoyage", "WV"),
               ("I write and fix city guides on Wikivoyage",
                "been updating destination articles on wikivoyage for years")),
        "es": (("Wikiviajes", "guías de viaje en Wikivoyage"), ("escribo guías de viaje en Wikiviajes",)),
        "fr": (("Wikivoyage", "guides de voyage sur Wikivoyage"),
               ("je rédige des guides de ville sur Wikivoyage",)),
        "pt": (("Wikivoyage", "guias de viagem na Wikivoyage"), ()),
        "de": (("Wikivoyage", "Reiseführer auf Wikivoyage schreiben"), ()),
        "sw": (("Wikivoyage", "kuandika miongozo ya usafiri kwenye Wikivoyage"), ()),
    },
    "Wikispecies": {
        "en": (("Wikispecies", "taxon pages on wikispecies", "wiki species"),
               ("I add taxon names and their authorities to Wikispecies",)),
        "es": (("Wikispecies", "Wikiespecies"), ()),
        "fr": (("Wikispecies", "fiches d'espèces sur Wikispecies"), ()),
        "pt": (("Wikispecies", "Wikiespécies"), ()),
        "de": (("Wikispecies", "Taxonomie-Einträge auf Wikispecies"), ()),
        "sw": (("Wikispecies", "kuhariri kurasa za spishi kwenye Wikispecies"), ()),
    },
    "Patrolling and anti-vandalism": {
        "en": (("RC patrol", "recent changes patrolling", "vandal fighting", "counter-vandalism",
                "anti-vandalism", "rollback / Huggle"),
               ("I revert vandalism on enwiki most nights", "I patrol recent changes and new pages")),
        "es": (("patrullaje de cambios recientes", "lucha contra el vandalismo", "revertir vandalismo"),
               ("reviso cambios recientes y revierto vandalismo",)),
        "fr": (("patrouille RC", "lutte contre le vandalisme", "patrouille des modifications récentes"), ()),
        "pt": (("patrulha de mudanças recentes", "combate ao vandalismo"), ()),
        "de": (("Eingangskontrolle", "Vandalismusbekämpfung", "Sichten und Vandalen zurücksetzen"), ()),
        "sw": (("kupambana na uharibifu wa makala", "kudhibiti uharibifu (vandalism)"), ()),
    },
    "SPARQL": {
        "en": (("SPARQL", "sparql queries", "Wikidata Query Service", "WDQS",
                "writing queries for the query service"),
               ("I can write SPARQL to pull lists out of Wikidata",)),
        "es": (("consultas SPARQL", "SPARQL"), ()),
        "fr": (("requêtes SPARQL", "SPARQL"), ()),
        "pt": (("consultas SPARQL", "sparql"), ()),
        "de": (("SPARQL-Abfragen", "SPARQL"), ()),
        "sw": (("maswali ya SPARQL", "SPARQL"), ()),
    },
    "Amharic": {
        "en": (("Amharic", "amharic", "አማርኛ", "Amharic reading & writing"),
               ("I'm a native Amharic speaker and can help with the fidel script", "Amharic (native)")),
        "es": (("amhárico",), ()),
        "fr": (("amharique",), ()),
        "pt": (("amárico", "amhárico"), ()),
        "de": (("Amharisch",), ()),
        "sw": (("Kiamhari",), ()),
    },
    "Typography": {
        "en": (("typography", "type design", "fonts & type", "choosing typefaces", "kerning lol"),
               ("I know way too much about fonts and can help you pick typefaces",)),
        "es": (("tipografía", "tipografia"), ()),
        "fr": (("typographie", "typo (les caractères, pas les fautes)"), ()),
        "pt": (("tipografia",), ()),
        "de": (("Typografie", "Schriftgestaltung"), ()),
        "sw": (("typography", "muundo wa fonti"), ()),
    },
    "Legal and compliance": {
        "en": (("legal and compliance", "compliance", "GDPR", "privacy law basics", "nonprofit legal stuff"),
               ("I can help with GDPR and the boring legal side of running a nonprofit",)),
        "es": (("cumplimiento normativo", "asesoría legal", "protección de datos (RGPD)"), ()),
        "fr": (("conformité juridique", "RGPD", "droit des associations"), ()),
        "pt": (("conformidade legal", "LGPD", "jurídico"), ()),
        "de": (("Compliance", "Datenschutz (DSGVO)", "Vereinsrecht"), ()),
        "sw": (("masuala ya kisheria", "uzingatiaji wa sheria"), ()),
    },
    "Conference organising": {
        "en": (("conference organising", "organizing conferences", "running a conference", "conference planning",
                "program committee work"),
               ("I've co-organised three regional Wikimedia conferences",)),
        "es": (("organización de congresos", "organizar conferencias"), ()),
        "fr": (("organisation de conférences", "organisation de colloques"), ()),
        "pt": (("organização de conferências", "organizar congressos"), ()),
        "de": (("Konferenzorganisation", "Tagungen organisieren"), ()),
        "sw": (("kuandaa makongamano", "uandaaji wa mikutano mikubwa"), ()),
    },
    "Risk management": {
        "en": (("risk management", "risk assessment", "risk registers"),
               ("I can help you think through what could go wrong and plan for it",)),
        "es": (("gestión de riesgos",), ()),
        "fr": (("gestion des risques",), ()),
        "pt": (("gestão de riscos",), ()),
        "de": (("Risikomanagement",), ()),
        "sw": (("usimamizi wa hatari",), ()),
    },
    "Library science": {
        "en": (("library science", "librarianship", "MLIS", "cataloguing", "cataloging & metadata"),
               ("I'm a librarian, cataloguing is my day job",)),
        "es": (("biblioteconomía", "bibliotecología", "catalogación"), ("soy bibliotecaria",)),
        "fr": (("bibliothéconomie", "catalogage"), ()),
        "pt": (("biblioteconomia", "catalogação"), ("sou bibliotecária",)),
        "de": (("Bibliothekswissenschaft", "Katalogisierung"), ()),
        "sw": (("sayansi ya maktaba", "ukutubi"), ()),
    },
    "Electronics": {
        "en": (("electronics", "soldering", "circuits", "basic electronics", "breadboarding"),
               ("I can teach you to solder and read a schematic",)),
        "es": (("electrónica", "soldar"), ()),
        "fr": (("électronique", "soudure"), ()),
        "pt": (("eletrônica", "eletrónica"), ()),
        "de": (("Elektronik", "Löten"), ()),
        "sw": (("elektroniki", "kuunganisha saketi"), ()),
    },
    "Research ethics": {
        "en": (("research ethics", "IRB / ethics review", "informed consent", "ethics applications"),
               ("I sit on an ethics committee and can help with consent forms",)),
        "es": (("ética de la investigación", "comité de ética"), ()),
        "fr": (("éthique de la recherche",), ()),
        "pt": (("ética em pesquisa", "comitê de ética"), ()),
        "de": (("Forschungsethik", "Ethikanträge"), ()),
        "sw": (("maadili ya utafiti",), ()),
    },
    "Mobile app development": {
        "en": (("mobile app development", "android dev", "iOS apps", "Flutter", "building apps for phones",
                "kotlin/android"),
               ("I build Android apps",)),
        "es": (("desarrollo de apps móviles", "apps para android"), ()),
        "fr": (("développement d'applis mobiles", "dev mobile"), ()),
        "pt": (("desenvolvimento de apps", "aplicativos para celular"), ()),
        "de": (("App-Entwicklung", "Android-Apps"), ()),
        "sw": (("kutengeneza programu za simu", "apps za simu"), ()),
    },
    "Human resources": {
        "en": (("HR", "human resources", "people ops", "hiring and onboarding staff", "recruitment"),
               ("I've done HR for small NGOs for 10 years",)),
        "es": (("recursos humanos", "RRHH", "RR.HH."), ()),
        "fr": (("ressources humaines", "RH"), ()),
        "pt": (("recursos humanos", "RH", "gestão de pessoas"), ()),
        "de": (("Personalwesen", "HR", "Personalmanagement"), ()),
        "sw": (("rasilimali watu", "usimamizi wa wafanyakazi"), ()),
    },
    "Crisis communication": {
        "en": (("crisis comms", "crisis communication", "handling a PR crisis"),
               ("I help orgs respond when something blows up in the press",)),
        "es": (("comunicación de crisis",), ()),
        "fr": (("communication de crise",), ()),
        "pt": (("comunicação de crise", "gestão de crise"), ()),
        "de": (("Krisenkommunikation",), ()),
        "sw": (("mawasiliano wakati wa dharura", "mawasiliano ya migogoro"), ()),
    },
    "Study skills": {
        "en": (("study skills", "how to study", "note-taking", "learning how to learn", "exam prep techniques"),
               ("I help students plan revision and take better notes",)),
        "es": (("técnicas de estudio", "hábitos de estudio"), ()),
        "fr": (("méthodologie du travail", "méthodes de travail", "apprendre à apprendre"), ()),
        "pt": (("técnicas de estudo", "como estudar"), ()),
        "de": (("Lerntechniken", "Lernstrategien"), ()),
        "sw": (("mbinu za kujisomea", "stadi za kusoma"), ()),
    },
    "Learning circle facilitation": {
        "en": (("learning circle facilitation", "facilitating learning circles", "P2PU facilitator",
                "running learning circles"),
               ("I've facilitated a few P2PU learning circles at my library",)),
        "es": (("facilitar círculos de aprendizaje", "facilitación de círculos de aprendizaje"), ()),
        "fr": (("animation de cercles d'apprentissage",), ()),
        "pt": (("facilitação de círculos de aprendizagem",), ()),
        "de": (("Lernzirkel moderieren",), ()),
        "sw": (("kuwezesha vikundi vya kujifunza (learning circles)",), ()),
    },
    "Budgeting": {
        "en": (("budgeting", "budgets", "personal budgeting", "making a budget"),
               ("I can help people make sense of their budgets",)),
        "es": (("presupuestos", "hacer un presupuesto", "finanzas personales"), ()),
        "fr": (("budget", "gestion de budget", "faire un budget"), ()),
        "pt": (("orçamento", "orçamento doméstico"), ()),
        "de": (("Budgetplanung", "Haushaltsbuch führen"), ()),
        "sw": (("kupanga bajeti", "bajeti"), ()),
    },
    "Bicycle repair": {
        "en": (("bike repair", "bicycle maintenance", "fixing bikes", "bike mechanic"),
               ("I can true a wheel and fix your brakes",)),
        "es": (("reparación de bicicletas", "mecánica de bici"), ()),
        "fr": (("réparation de vélos", "mécanique vélo"), ()),
        "pt": (("conserto de bicicleta", "mecânica de bike"), ()),
        "de": (("Fahrradreparatur", "Fahrrad-Werkstatt"), ()),
        "sw": (("kutengeneza baiskeli", "ufundi wa baiskeli"), ()),
    },
    "Podcasting": {
        "en": (("podcasting", "podcasts", "making a podcast", "podcast production"),
               ("I host a small podcast and can show you the whole setup",)),
        "es": (("pódcast", "hacer podcasts"), ()),
        "fr": (("podcast", "création de podcasts"), ()),
        "pt": (("podcast", "produção de podcast"), ()),
        "de": (("Podcasts machen", "Podcasting"), ()),
        "sw": (("kutengeneza podikasti", "podcast"), ()),
    },
    "Solar power": {
        "en": (("solar power", "solar panels", "off-grid solar", "PV installs", "solar energy"),
               ("I install small off-grid solar kits",)),
        "es": (("energía solar", "paneles solares"), ()),
        "fr": (("énergie solaire", "panneaux solaires", "photovoltaïque"), ()),
        "pt": (("energia solar", "placas solares", "painéis fotovoltaicos"), ()),
        "de": (("Solarenergie", "Photovoltaik", "Balkonkraftwerk"), ()),
        "sw": (("nishati ya jua", "umeme wa jua", "sola"), ()),
    },
    "Sign language": {
        "en": (("sign language", "ASL", "BSL", "signing"), ("I'm fluent in ASL",)),
        "es": (("lengua de señas", "LSM", "lenguaje de señas"), ()),
        "fr": (("langue des signes", "LSF"), ()),
        "pt": (("Libras", "língua de sinais"), ()),
        "de": (("Gebärdensprache", "DGS"), ()),
        "sw": (("lugha ya alama", "lugha ya ishara"), ()),
    },
    "Transcription": {
        "en": (("transcription", "transcribing audio", "transcribing interviews", "typing up recordings"),
               ("I transcribe interviews quickly and accurately",)),
        "es": (("transcripción", "transcribir entrevistas"), ()),
        "fr": (("transcription", "retranscription d'entretiens"), ()),
        "pt": (("transcrição", "transcrever áudios"), ()),
        "de": (("Transkription", "Interviews transkribieren"), ()),
        "sw": (("unukuzi wa sauti", "kuandika sauti kuwa maandishi"), ()),
    },
    "OpenStreetMap": {
        "en": (("OpenStreetMap", "OSM", "osm mapping", "mapping on OSM", "humanitarian mapping (HOT)", "JOSM"),
               ("I map buildings and roads in OSM",)),
        "es": (("OpenStreetMap", "mapeo en OSM"), ()),
        "fr": (("OpenStreetMap", "cartographie OSM", "contributeur OSM"), ()),
        "pt": (("OpenStreetMap", "mapeamento no OSM"), ()),
        "de": (("OpenStreetMap", "OSM-Mapping"), ()),
        "sw": (("OpenStreetMap", "kuchora ramani kwenye OSM"), ()),
    },
    "Grant writing": {
        "en": (("grant writing", "writing grant proposals", "grant applications", "proposal writing for funders"),
               ("I've written grant applications that got funded",)),
        "es": (("redacción de propuestas de subvención", "escribir solicitudes de financiación"), ()),
        "fr": (("rédaction de demandes de subvention", "montage de dossiers de financement"), ()),
        "pt": (("escrita de projetos para editais", "elaboração de projetos para financiamento"), ()),
        "de": (("Förderanträge schreiben", "Antragsschreiben"), ()),
        "sw": (("kuandika maombi ya ruzuku", "uandishi wa maombi ya ufadhili"), ()),
    },
    "Bookbinding": {
        "en": (("bookbinding", "binding books by hand", "coptic stitch binding", "book binding"),
               ("I hand-bind notebooks and can teach basic stitches",)),
        "es": (("encuadernación", "encuadernación artesanal"), ()),
        "fr": (("reliure", "reliure d'art"), ()),
        "pt": (("encadernação", "encadernação manual"), ()),
        "de": (("Buchbinden", "Buchbinderei"), ()),
        "sw": (("ujalidi wa vitabu", "kufunga vitabu kwa mkono"), ()),
    },
    "Home fermentation": {
        "en": (("fermentation", "fermenting", "kimchi & sauerkraut", "kombucha brewing", "lacto-fermentation"),
               ("I make kimchi and kombucha and love teaching it",)),
        "es": (("fermentación casera", "fermentados"), ()),
        "fr": (("fermentation maison", "lactofermentation"), ()),
        "pt": (("fermentação caseira", "fermentados"), ()),
        "de": (("Fermentieren", "Sauerkraut & Kombucha selber machen"), ()),
        "sw": (("uchachushaji wa vyakula", "kuchachusha vyakula nyumbani"), ()),
    },
    "Urban sketching": {
        "en": (("urban sketching", "sketching on location", "sketchcrawls", "drawing in the city"),
               ("I do urban sketching most weekends",)),
        "es": (("urban sketching", "dibujo urbano", "dibujar en la calle"), ()),
        "fr": (("croquis urbain", "carnet de croquis en ville"), ()),
        "pt": (("desenho urbano", "urban sketching"), ()),
        "de": (("Urban Sketching", "Zeichnen unterwegs"), ()),
        "sw": (("kuchora mandhari ya mji", "michoro ya mitaani"), ()),
    },
}

# How often a skill comes up among members, beyond the planted sharers.
POPULARITY = {
    "Budgeting": 5, "Podcasting": 4, "OpenStreetMap": 4, "Grant writing": 4, "Study skills": 4, "Electronics": 4,
    "Mobile app development": 4, "Sign language": 3, "Solar power": 3, "Bicycle repair": 3, "Transcription": 3,
    "Typography": 3, "Human resources": 3, "Library science": 3, "Conference organising": 3,
    "Learning circle facilitation": 3, "Risk management": 2, "Legal and compliance": 2, "Crisis communication": 2,
    "Research ethics": 2, "SPARQL": 2, "Patrolling and anti-vandalism": 2, "Amharic": 2, "Wikivoyage": 2,
    "Wikispecies": 1, "Bookbinding": 3, "Home fermentation": 3, "Urban sketching": 3,
}

SHARE_FRAMES = {
    "en": ("{}", "{}", "{}", "I can help with {}", "happy to share {}", "{}!", "know a fair bit about {}",
           "can teach {}", "{} (10+ yrs)"),
    "es": ("{}", "{}", "puedo ayudar con {}", "sé bastante de {}", "les puedo enseñar {}", "experiencia en {}"),
    "fr": ("{}", "{}", "je peux aider en {}", "je m'y connais en {}", "je peux transmettre : {}", "expérience en {}"),
    "pt": ("{}", "{}", "posso ajudar com {}", "manjo de {}", "tenho experiência com {}", "ensino {}"),
    "de": ("{}", "{}", "ich kann bei {} helfen", "kenne mich aus mit {}", "Erfahrung mit {}", "kann {} zeigen"),
    "sw": ("{}", "{}", "naweza kusaidia {}", "ninajua {}", "nina uzoefu wa {}", "naweza kufundisha {}"),
}
LEARN_FRAMES = {
    "en": ("{}", "{}", "want to learn {}", "I'd love to get better at {}", "curious about {}", "{} pls",
           "learning {} this year", "would like to pick up {}"),
    "es": ("{}", "quiero aprender {}", "me interesa {}", "me gustaría aprender {}", "aprender {}"),
    "fr": ("{}", "j'aimerais apprendre {}", "envie de découvrir {}", "me former en {}", "apprendre : {}"),
    "pt": ("{}", "quero aprender {}", "tenho interesse em {}", "gostaria de aprender {}", "aprender {}"),
    "de": ("{}", "möchte {} lernen", "Interesse an {}", "würde gern {} lernen", "{} lernen"),
    "sw": ("{}", "nataka kujifunza {}", "ningependa kujifunza {}", "kujifunza {}", "napenda kujua {}"),
}
NOTHING_TO_LEARN = {
    "en": ("", "", "", "-", "nothing right now"), "es": ("", "", "nada por ahora"),
    "fr": ("", "", "rien pour l'instant"), "pt": ("", "", "nada no momento"), "de": ("", "", "gerade nichts"),
    "sw": ("", "", "hakuna kwa sasa"),
}
AND = {"en": ("and", "&"), "es": ("y",), "fr": ("et",), "pt": ("e",), "de": ("und",), "sw": ("na",)}
ALSO = {"en": "Also: ", "es": "También ", "fr": "Aussi : ", "pt": "Também ", "de": "Außerdem ", "sw": "Pia "}

# canonical city -> how members write it
CITIES = {
    "Nairobi": ("Nairobi, Kenya", "nbo", "Nairobi", "NAIROBI", "Nairobi CBD", "nairobi ke", "Westlands, Nairobi"),
    "Dar es Salaam": ("Dar es Salaam", "Dar", "DSM", "dar-es-salaam, Tanzania", "Dar es salaam, TZ"),
    "Addis Ababa": ("Addis Ababa", "Addis", "Addis Abeba", "Addis Ababa, Ethiopia", "ADDIS"),
    "São Paulo": ("São Paulo - SP", "Sampa", "sao paulo", "SP, Brasil", "São Paulo/SP", "Sao Paulo, Brazil"),
    "Mexico City": ("Ciudad de México", "CDMX", "Mexico City", "México, D.F.", "cdmx 🇲🇽", "Mexico city, MX"),
    "Lyon": ("Lyon", "Lyon (69)", "lyon, france", "LYON", "Lyon 7e"),
    "Hamburg": ("Hamburg", "Hamburg, DE", "HH", "hamburg", "Hamburgo", "Hamburg-Altona"),
    "Toronto": ("Toronto, ON", "toronto canada", "TO", "Toronto", "Toronto, Ontario"),
    "Manila": ("Manila", "Metro Manila", "Manila, PH", "manila philippines", "MNL"),
    "Melbourne": ("Melbourne, VIC", "Melbs", "Naarm/Melbourne", "melbourne australia", "MELBOURNE"),
}
NOWHERE = (None, None, "", "", "online", "Remote", "earth 🌍", "wherever", "n/a", "the internet", "between places",
           "-", "Remote / nomad")
# Where members who write in each language tend to live.
HOMES = {
    "en": {"Toronto": 5, "Manila": 5, "Melbourne": 5, "Nairobi": 4, "Addis Ababa": 3, "Hamburg": 1, "Lyon": 1,
           "Dar es Salaam": 1, "Mexico City": 1, "São Paulo": 1},
    "es": {"Mexico City": 8, "Toronto": 1, "Hamburg": 1},
    "fr": {"Lyon": 8, "Toronto": 2, "Addis Ababa": 1},
    "pt": {"São Paulo": 9, "Lyon": 1},
    "de": {"Hamburg": 9, "Melbourne": 1},
    "sw": {"Nairobi": 5, "Dar es Salaam": 5},
}

FIRST_NAMES = {
    "en": ("alex", "jordan", "priya", "sam", "kate", "tom", "grace", "mike", "leah", "omar", "ruth", "dan", "nina",
           "raj", "chloe", "ben", "ivy", "marcus", "joy", "kevin", "liz", "paul", "tess", "noel", "jun", "mei",
           "abebe", "selam", "hana", "dawit", "bea", "lara", "aiko", "tariq", "rosa", "miguel", "angelica", "paolo"),
    "es": ("lucia", "mateo", "sofia", "diego", "valeria", "javier", "camila", "andres", "ximena", "rodrigo",
           "paola", "emilio"),
    "fr": ("camille", "louis", "manon", "hugo", "lea", "theo", "ines", "julien", "margaux", "yanis", "elodie",
           "bastien"),
    "pt": ("joao", "ana", "beatriz", "thiago", "larissa", "rafael", "gabriela", "lucas", "fernanda", "caio",
           "juliana", "bruno"),
    "de": ("jonas", "lena", "felix", "hannah", "lukas", "mia", "tobias", "sophie", "jan", "frieda", "niklas",
           "greta"),
    "sw": ("wanjiru", "otieno", "amina", "baraka", "neema", "juma", "zawadi", "kamau", "achieng", "mwajuma",
           "salim", "imani"),
}
LAST_NAMES = ("okafor", "mensah", "tesfaye", "reyes", "santos", "silva", "dubois", "martin", "schmidt", "weber",
              "mwangi", "njoroge", "kim", "nguyen", "garcia", "lopez", "cruz", "bauer", "moreau", "oliveira",
              "haile", "patel", "chen", "walker")
HANDLES = ("maps", "reads", "makes", "bikes", "wiki", "learns", "codes", "draws", "fixes", "talks")


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    long_words = [i for i, word in enumerate(words) if len(word) >= 6 and word.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    word = words[i]
    at = rng.randrange(1, len(word) - 2)
    kind = rng.random()
    if kind < 0.4:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2:]  # two letters swapped
    elif kind < 0.75:
        word = word[:at] + word[at + 1:]  # one letter dropped
    else:
        word = word[:at] + word[at] + word[at:]  # one letter doubled
    words[i] = word
    return " ".join(words)


def _odd_capitals(rng: random.Random, text: str) -> str:
    roll = rng.random()
    if roll < 0.5:
        return text.lower()
    if roll < 0.7 and len(text) < 30:
        return text.upper()
    return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))


def _name(rng: random.Random, skill: str, language: str) -> str:
    if language != "en" and rng.random() < 0.15:
        language = "en"  # the English word is often the one people know
    name = rng.choice(SAYINGS[skill][language][0])
    return _typo(rng, name) if rng.random() < 0.08 else name


def _join(rng: random.Random, language: str, items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    style = rng.random()
    if style < 0.35:
        return ", ".join(items[:-1]) + f" {rng.choice(AND[language])} " + items[-1]
    if style < 0.6:
        return ", ".join(items)
    if style < 0.72:
        return " / ".join(items)
    if style < 0.84:
        return "; ".join(items)
    if style < 0.93:
        return "\n".join(items)
    return "\n".join(f"- {item}" for item in items)


def _shares_text(rng: random.Random, language: str, skills: list[str]) -> str:
    sentences, names = [], []
    for skill in skills:
        said = SAYINGS[skill][language][1]
        if said and rng.random() < 0.3:
            sentences.append(rng.choice(said))
        else:
            names.append(_name(rng, skill, language))
    if not sentences:
        text = rng.choice(SHARE_FRAMES[language]).format(_join(rng, language, names))
    else:
        text = ". ".join(sentences)
        if names:
            text += ". " + ALSO[language] + _join(rng, language, names)
    return _odd_capitals(rng, text) if rng.random() < 0.1 else text


def _learns_text(rng: random.Random, language: str, skills: list[str]) -> str:
    if not skills:
        return rng.choice(NOTHING_TO_LEARN[language])
    names = [_name(rng, skill, language) for skill in skills]
    text = rng.choice(LEARN_FRAMES[language]).format(_join(rng, language, names))
    return _odd_capitals(rng, text) if rng.random() < 0.1 else text


def _username(rng: random.Random, language: str, taken: set[str]) -> str:
    first, last = rng.choice(FIRST_NAMES[language]), rng.choice(LAST_NAMES)
    style = rng.randrange(6)
    name = (f"{first}{rng.randint(1, 99)}", f"{first}_{last[0]}", f"{first}.{last}",
            f"{first.capitalize()}{last.capitalize()}", f"{first}{rng.choice(HANDLES)}",
            f"{last}-{first[:3]}")[style]
    while name.lower() in taken:
        name += str(rng.randint(0, 9))
    taken.add(name.lower())
    return name


def _location(rng: random.Random, language: str) -> tuple[str | None, str | None]:
    if rng.random() < 0.09:
        return rng.choice(NOWHERE), None
    homes = HOMES[language]
    city = rng.choices(list(homes), weights=list(homes.values()))[0]
    return rng.choice(CITIES[city]), city


def _pick(rng: random.Random, count: int, exclude: set[str]) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < count:
        skill = rng.choices(list(POPULARITY), weights=list(POPULARITY.values()))[0]
        if skill not in exclude and skill not in chosen:
            chosen.append(skill)
    return chosen


def members(count: int = 300, *, seed: int = 60317) -> list[Person]:
    rng = random.Random(seed)
    ineligible = set(rng.sample(range(count), round(count * 0.06)))
    eligible = [i for i in range(count) if i not in ineligible]
    rng.shuffle(eligible)
    planted = dict(zip(eligible, [skill for skill in SAYINGS for _ in range(PLANTED_SHARERS)]))

    taken: set[str] = set()
    people = []
    for i in range(count):
        language = rng.choices(LANGUAGES, weights=LANGUAGE_WEIGHTS)[0]
        first = [planted[i]] if i in planted else []
        shares = first + _pick(rng, rng.choices((1, 2, 3), weights=(45, 35, 20))[0] - len(first), set(first))
        learns = _pick(rng, rng.choices((0, 1, 2), weights=(30, 45, 25))[0], set(shares))
        location, city = _location(rng, language)
        if "Amharic" in shares and rng.random() < 0.7:
            location, city = rng.choice(CITIES["Addis Ababa"]), "Addis Ababa"
        people.append(Person(
            member_id=FIRST_ID + i,
            username=_username(rng, language, taken),
            shares_text=_shares_text(rng, language, shares),
            learns_text=_learns_text(rng, language, learns),
            location=location,
            city=city,
            shares=frozenset(shares),
            learns=frozenset(learns),
            eligible=i not in ineligible,
        ))
    return people


# (language, title, first post, tags, skills, city)
CIRCLES: tuple[tuple[str, str, str, tuple[str, ...], frozenset[str], str | None], ...] = (
    ("en", "Who's on night watch?",
     "Every evening a handful of us end up reverting the same kind of junk: blanked pages, 'hi mom' edits, "
     "spam links on school articles. It's a lot for three people. I'd like to run a small weekly circle where "
     "we go through rollback, the warning templates and the new page queue together, and talk about when a "
     "newcomer's clumsy edit deserves a kind message instead of a revert. No admin rights needed, just an "
     "account with a few hundred edits.",
     ("wikipedia",), frozenset({"Patrolling and anti-vandalism"}), None),
    ("en", "Lists from Wikidata, without the tears",
     "I keep wanting things like 'every public library in Ontario with its opening year' and end up copying "
     "tables by hand. The query service can do it in seconds if you know how to ask. Let's learn to write "
     "those queries together: triples, prefixes, OPTIONAL, labels, maybe maps at the end. We'll meet at a "
     "branch library in downtown Toronto on Wednesdays, 6:30pm.",
     ("wikidata", "queries"), frozenset({"SPARQL"}), "Toronto"),
    ("en", "Needle, thread and a stack of paper",
     "Four Saturday afternoons at the community house in Brunswick. We'll fold signatures, punch sewing "
     "stations, do a simple pamphlet stitch, then a coptic binding, and finish with a case-bound hardcover you "
     "can actually use as a journal. Bring a bone folder if you have one; I'll have awls and waxed linen "
     "thread to share.",
     ("crafts",), frozenset({"Bookbinding"}), "Melbourne"),
    ("en", "Jars, salt and patience",
     "Our shared kitchen in Altona has a shelf of bubbling jars and I'd like more people to understand what's "
     "happening in them. Week one sauerkraut, then kimchi, water kefir and a kombucha SCOBY to take home. "
     "We'll talk about brine percentages, why things go mushy, and how to tell good funk from bad. English is "
     "the common language but we're a mixed bunch.",
     ("food", "kitchen"), frozenset({"Home fermentation"}), "Hamburg"),
    ("en", "Sunday mornings with a pen and a small notebook",
     "A few of us have been drawing jeepneys and old facades around Intramuros before it gets too hot. Nobody "
     "is a 'real artist'. We'd like to make it a regular circle: quick line drawings on location, a bit of "
     "watercolour, sharing pages at the end over coffee. Any sketchbook works.",
     ("drawing", "outdoors"), frozenset({"Urban sketching"}), "Manila"),
    ("en", "Back to school at 40: how do you actually study?",
     "I started an evening diploma this year and realised I never learned how to learn. Rereading my notes "
     "clearly isn't working. I'm looking for others in the same boat to try things together for six weeks: "
     "spaced repetition, active recall, planning revision around a job and kids, and how to read a textbook "
     "chapter without falling asleep. All online.",
     ("adult-learners",), frozenset({"Study skills"}), None),
    ("en", "Where does the salary go?",
     "Pay day comes, and by the 20th there's nothing left and no idea why. Let's sit together once a week at "
     "the hub in Kilimani and track every shilling for a month: a simple spreadsheet or a notebook, M-Pesa "
     "statements, chama contributions, school fees, putting something aside for emergencies. No judgement, "
     "and nobody selling investment products.",
     ("personal-finance", "money"), frozenset({"Budgeting"}), "Nairobi"),
    ("en", "You don't need to be the expert",
     "Our branch wants to run more learning circles next year, but staff keep saying 'I don't know enough "
     "about Python to lead that'. The whole point is that you don't have to. I'd like to gather people who "
     "want to facilitate: how to run the first meeting, keep a group going when half stop showing up, handle "
     "the one person who talks all the time, and use the P2PU guides. Toronto Public Library folks welcome, "
     "others too.",
     ("p2pu", "facilitators"), frozenset({"Learning circle facilitation"}), "Toronto"),
    ("en", "Oral histories from our neighbourhood, done right",
     "We're recording elders about how the neighbourhood changed over fifty years. Before we press record: "
     "consent forms, what people can withdraw later, how to store the recordings, whether a university ethics "
     "board needs to see it. After: hours of audio to turn into text, with timestamps and speaker names. I'd "
     "like a circle that learns both halves together.",
     ("oral-history",), frozenset({"Research ethics", "Transcription"}), None),
    ("en", "Boring but important: keeping our association out of trouble",
     "We're a volunteer-run association that just got its first grant, and suddenly there's talk of "
     "incorporation rules, privacy obligations for our member list, insurance for events, and what happens if "
     "someone gets hurt at a workshop. I'd like a circle to work through it with a checklist and a simple "
     "register of what could go wrong and what we'll do about it. Meets at the neighbourhood house in "
     "Footscray.",
     ("nonprofits", "governance"), frozenset({"Legal and compliance", "Risk management"}), "Melbourne"),
    ("en", "Fidel in six weeks",
     "For the visiting volunteers and the diaspora kids who understand their grandmother but can't read a "
     "menu: let's learn the script properly, the base letters and their seven orders, then greetings, numbers "
     "and bargaining at Merkato. Tea at a café in Bole every Thursday; native speakers very welcome to help.",
     ("languages",), frozenset({"Amharic"}), "Addis Ababa"),
    ("en", "Solder night",
     "Bring a broken thing or just curiosity. We'll start with Ohm's law on a breadboard, LEDs and resistors, "
     "then learn to solder a small kit, use a multimeter without frying it, and read a simple schematic. Our "
     "makerspace in Ermita has irons for eight people.",
     ("hardware", "makers"), frozenset({"Electronics"}), "Manila"),
    ("en", "An app for our farmers' co-op",
     "The co-op keeps its milk collection records in exercise books. Some of us want to build a small phone "
     "app for it: works offline, syncs when there's network, runs on cheap Android phones. Learning together "
     "from zero: Kotlin or Flutter (we'll decide in week one), screens, local storage, then putting it on the "
     "Play Store. Meeting at iHub on Ngong Road.",
     ("android",), frozenset({"Mobile app development"}), "Nairobi"),
    ("en", "Funders, deadlines and the dreaded budget table",
     "Three of our small groups lost out on the same foundation call last spring. Let's get better at this "
     "together: reading a call carefully, writing a problem statement a reviewer remembers, theory of change, "
     "and the budget sheet that has to match the narrative line by line. We'll swap drafts and give each "
     "other honest feedback.",
     ("funding",), frozenset({"Grant writing", "Budgeting"}), None),
    ("en", "Our first paid staff member (help)",
     "After six years as volunteers we can finally hire a coordinator. None of us has done this before. Job "
     "description, where to advertise, interview questions that are fair, contracts, probation, payroll, and "
     "what to do when it doesn't work out. Anyone who has done hiring for a small NGO here in Addis, please "
     "join us.",
     ("ngo", "hiring"), frozenset({"Human resources"}), "Addis Ababa"),
    ("en", "Why does our flyer look wrong?",
     "Every poster we make for events looks a bit off and I can't say why. Someone told me it's the fonts: too "
     "many, wrong sizes, lines too long, everything centred. I'd like a small circle to learn the basics of "
     "type: pairing typefaces, hierarchy, spacing, readable line lengths, and which free fonts support our "
     "languages. We'll each redo one real flyer.",
     ("design",), frozenset({"Typography"}), None),
    ("es", "Guías de viaje libres para nuestros pueblos",
     "Muchos pueblos de la región no tienen ninguna guía de viaje en español, o tienen una de 2012 con hoteles "
     "que ya cerraron. Me gustaría armar un grupo para escribir y actualizar artículos de destinos en "
     "Wikiviajes: cómo llegar, dónde comer, qué ver, siguiendo las plantillas del proyecto. Reuniones por "
     "videollamada cada quince días.",
     ("wikimedia",), frozenset({"Wikivoyage"}), None),
    ("es", "Cuadernos cosidos a mano",
     "Tengo papel reciclado de sobra y ganas de aprender a hacer libretas bonitas. ¿Alguien se anima a un "
     "círculo? Costura japonesa, copta, tapas de cartón forradas con tela. Compartimos materiales y vemos "
     "tutoriales juntos.",
     (), frozenset({"Bookbinding"}), None),
    ("es", "Voces de la colonia",
     "Queremos grabar un programa sobre la gente del barrio: la señora de los tamales, el maestro jubilado, "
     "los chavos del skate. Necesitamos aprender a grabar con lo que tenemos, editar el audio, publicarlo en "
     "plataformas, y también pasar las entrevistas a texto para publicarlas junto a cada episodio. Nos vemos "
     "en la biblioteca de Coyoacán.",
     ("audio", "radio-comunitaria"), frozenset({"Podcasting", "Transcription"}), "Mexico City"),
    ("es", "Nuestra colonia no aparece en el mapa",
     "En las apps de mapas nuestras calles salen sin nombre y la mitad de los negocios no existen. Queremos "
     "juntarnos los sábados en la casa de cultura para aprender a editar OpenStreetMap: trazar edificios "
     "sobre imágenes satelitales, salir a caminar con el celular para levantar datos, y subir todo con JOSM o "
     "iD. No hace falta experiencia.",
     ("mapeo", "osm"), frozenset({"OpenStreetMap"}), "Mexico City"),
    ("fr", "Des croquis dans les traboules",
     "Chaque dimanche matin, on se retrouve dans le Vieux-Lyon avec un carnet et un stylo pour dessiner ce "
     "qu'on voit : façades, passants, cours intérieures. Pas besoin de savoir dessiner ! On apprend ensemble "
     "la perspective rapide, l'aquarelle en extérieur, et surtout à oser dessiner en public.",
     ("dessin",), frozenset({"Urban sketching"}), "Lyon"),
    ("fr", "Préparer les rencontres régionales 2027",
     "L'an prochain c'est notre tour d'accueillir les rencontres régionales : environ 200 personnes sur deux "
     "jours. Appel à contributions, comité de programme, choix du lieu, accessibilité, repas, planning des "
     "salles… Je propose un cercle pour apprendre à monter ça sans s'épuiser, avec celles et ceux qui l'ont "
     "déjà fait ailleurs.",
     ("evenements", "wikimedia"), frozenset({"Conference organising"}), "Lyon"),
    ("fr", "Accueillir les personnes sourdes à la médiathèque",
     "Plusieurs usagers sourds fréquentent notre médiathèque et on ne sait dire ni bonjour ni « je vais "
     "chercher le livre ». On voudrait apprendre les bases de la LSF : alphabet, chiffres, phrases d'accueil, "
     "un peu de culture sourde. Idéalement avec une personne sourde ou signante pour nous guider.",
     (), frozenset({"Sign language"}), "Lyon"),
    ("pt", "Energia do telhado",
     "Na ocupação onde moro a conta de luz pesa demais. Queremos entender se vale a pena instalar placas no "
     "telhado: dimensionar o sistema, inversor, baterias ou ligação na rede, e o que dá para montar em "
     "mutirão e o que precisa de técnico. Encontros na zona leste de São Paulo, aos domingos.",
     ("energia",), frozenset({"Solar power"}), "São Paulo"),
    ("pt", "Organizar o acervo da biblioteca comunitária",
     "Nossa biblioteca comunitária ganhou mais de 3 mil livros doados e está tudo em caixas. Queremos aprender "
     "a catalogar direito: classificação (CDD ou algo mais simples), etiquetas de lombada, um sistema de "
     "empréstimo e um catálogo online gratuito. Quem é bibliotecária ou estuda biblioteconomia, vem com a "
     "gente!",
     ("bibliotecas",), frozenset({"Library science"}), "São Paulo"),
    ("pt", "Chucrute, kombucha e conservas",
     "Comecei a fazer kombucha na pandemia e virou vício. Proponho um círculo para trocar scobys, aprender "
     "chucrute, kimchi, kefir de água e picles fermentados, e entender a segurança: sal, temperatura, quando "
     "jogar fora. Encontros online com uma prática por semana na cozinha de cada um.",
     ("cozinha",), frozenset({"Home fermentation"}), None),
    ("de", "Arten, Autoren, Erstbeschreibungen",
     "Im Naturkundemuseum gibt es eine kleine Gruppe, die Käferarten dokumentiert. Wir möchten lernen, wie man "
     "die Taxonomie sauber auf Wikispecies einträgt: Taxonvorlagen, Autorennamen, Typusmaterial, Verweise auf "
     "die Erstbeschreibung. Treffen alle zwei Wochen in Hamburg.",
     ("wikimedia", "biologie"), frozenset({"Wikispecies"}), "Hamburg"),
    ("de", "Wenn's brennt: vorbereitet sein",
     "Letztes Jahr hat ein missverständlicher Post unseren Verein zwei Wochen lang in die Lokalpresse gebracht "
     "und wir hatten keinen Plan. Wir wollen uns vorbereiten: mögliche Krisen vorher durchdenken und bewerten, "
     "Zuständigkeiten festlegen, wer mit Journalisten spricht, eine erste Stellungnahme innerhalb einer "
     "Stunde, und wie man danach Vertrauen zurückgewinnt.",
     ("kommunikation",), frozenset({"Crisis communication", "Risk management"}), "Hamburg"),
    ("sw", "Umeme wa jua kwa vijiji vyetu",
     "Tunataka kujifunza kufunga mifumo midogo ya umeme wa jua: paneli, betri, chaji kontrola na taa za LED. "
     "Pia kutengeneza na kurekebisha saketi rahisi, kutumia multimita na kuunganisha waya kwa usalama. "
     "Tutakutana kila Jumamosi Kinondoni.",
     ("nishati",), frozenset({"Solar power", "Electronics"}), "Dar es Salaam"),
    ("sw", "Ramani za mitaa yetu",
     "Mitaa mingi ya Tandale haionekani kwenye ramani za simu, na wakati wa mafuriko ni vigumu kujua njia. "
     "Tunaanzisha kikundi cha kujifunza kuchora ramani kwenye OpenStreetMap: majengo, barabara na mitaro, kwa "
     "kutumia picha za satelaiti na kutembea mtaani na simu. Hakuna uzoefu unaohitajika.",
     ("ramani", "osm"), frozenset({"OpenStreetMap"}), "Dar es Salaam"),
)


def circles(people: list[Person], count: int = 30, *, seed: int = 60318) -> list[Proposal]:
    rng = random.Random(seed)
    proposals = []
    for _, title, raw, tags, skills, city in CIRCLES[:count]:
        # The proposer is usually someone who has, or wants, one of the circle's skills.
        involved = [p for p in people if p.eligible and (p.shares | p.learns) & skills]
        author = rng.choice(involved or people)
        proposals.append(Proposal(title=title, raw=raw, tags=tags, author_id=author.member_id, skills=skills,
                                  city=city))
    return proposals
