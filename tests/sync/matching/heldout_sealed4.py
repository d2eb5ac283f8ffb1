"""A fourth sealed held-out community, written from the skill names alone by an independent author.

Nothing here was shaped by the taxonomy's data, the normalizer, the semantic reader, the matching
engine or the texts of the other communities: only the list of skill names, and which of them the other
communities already use, were known. Twenty-five taxonomy skills over many areas (nineteen that no other
community uses) and three skills outside the taxonomy (`FREE_SKILLS`, named by this author), typed the
way members type: plain names, synonyms, jargon, short sentences, typos and odd capitals, in English,
Spanish, French, Portuguese, German and Swahili, sometimes switching to the English name mid-sentence.
Members live in twelve cities on six continents, written as people write them, or say nothing useful
about where they are; the circles are forum prose whose titles seldom name the skill.

Never tune on it: read its figures, never its texts, and never change the texts after seeing a figure.
"""
from __future__ import annotations

import random

from tests.sync.matching.heldout import Person, Proposal

FREE_SKILLS = ("Calligraphy", "Choral singing", "Rock climbing")
FIRST_ID = 70001
# Every skill is shared by this many eligible members, so that every circle has people to suggest.
PLANTED_SHARERS = 5
INELIGIBLE_SHARE = 0.05
NOWHERE_SHARE = 0.1

LANGUAGES = ("en", "es", "fr", "pt", "de", "sw")
LANGUAGE_WEIGHTS = (58, 11, 10, 9, 7, 5)

# skill -> language -> (what members call it, sentences a member who can share it writes)
SAYINGS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "Arduino": {
        "en": (("Arduino", "arduino", "microcontrollers", "Arduino Uno projects", "ESP32 / arduino tinkering",
                "blinking LEDs with arduino"),
               ("I build little gadgets with Arduino boards and sensors",
                "I can show you how to wire up an Arduino and upload your first sketch")),
        "es": (("Arduino", "microcontroladores"), ("hago proyectos con Arduino y sensores",)),
        "fr": (("Arduino", "microcontrôleurs"), ("je bricole des montages Arduino le week-end",)),
        "pt": (("Arduino", "microcontroladores"), ("faço projetos com Arduino e sensores",)),
        "de": (("Arduino", "Mikrocontroller", "Arduino-Basteleien"), ()),
        "sw": (("Arduino",), ("natengeneza vifaa vidogo kwa Arduino",)),
    },
    "Rust": {
        "en": (("Rust", "rust lang", "Rust programming", "rustlang", "systems programming in Rust"),
               ("I write backend services in Rust", "happy to pair on Rust, borrow checker and all")),
        "es": (("Rust", "programación en Rust"), ()),
        "fr": (("Rust", "programmation Rust"), ("je développe des outils en Rust",)),
        "pt": (("Rust", "linguagem Rust"), ()),
        "de": (("Rust", "Rust-Programmierung"), ("ich programmiere beruflich in Rust",)),
        "sw": (("Rust", "lugha ya programu Rust"), ()),
    },
    "Machine learning": {
        "en": (("Machine learning", "ML", "machine-learning", "training models", "scikit-learn", "neural nets",
                "deep learning"),
               ("I train and evaluate classification models at work",
                "I can explain how a model learns from data without the maths scaring you")),
        "es": (("aprendizaje automático", "machine learning", "aprendizaje de máquinas"),
               ("entreno modelos de predicción en mi trabajo",)),
        "fr": (("apprentissage automatique", "machine learning", "apprentissage machine"),
               ("j'entraîne des modèles de classification",)),
        "pt": (("aprendizado de máquina", "aprendizagem automática", "machine learning"), ()),
        "de": (("maschinelles Lernen", "ML", "Machine Learning"), ()),
        "sw": (("ujifunzaji wa mashine", "machine learning"), ()),
    },
    "Software testing": {
        "en": (("Software testing", "QA", "unit tests", "test automation", "writing tests", "pytest", "Selenium"),
               ("I've been a QA engineer for six years",
                "I can teach you to write tests before the bug reports come in")),
        "es": (("pruebas de software", "testing", "QA"), ("trabajo como tester de software",)),
        "fr": (("tests logiciels", "test de logiciel", "recette"),
               ("je fais de l'assurance qualité logicielle",)),
        "pt": (("testes de software", "QA"), ("trabalho com automação de testes",)),
        "de": (("Softwaretests", "Testautomatisierung", "QA"),
               ("ich schreibe Unit-Tests und Integrationstests",)),
        "sw": (("majaribio ya programu", "QA"), ()),
    },
    "Cloud computing": {
        "en": (("Cloud computing", "AWS", "the cloud", "cloud infra", "Azure", "GCP", "cloud hosting"),
               ("I run our servers on AWS",
                "I can help you move an app onto a cloud provider without a huge bill")),
        "es": (("computación en la nube", "la nube", "AWS"), ("administro servidores en la nube",)),
        "fr": (("informatique en nuage", "cloud", "AWS"), ()),
        "pt": (("computação em nuvem", "nuvem", "AWS"), ()),
        "de": (("Cloud-Computing", "Cloud", "AWS"), ("ich betreue unsere Cloud-Infrastruktur",)),
        "sw": (("kompyuta ya wingu", "huduma za wingu", "cloud"), ()),
    },
    "Arabic": {
        "en": (("Arabic", "arabic language", "Modern Standard Arabic", "Egyptian Arabic", "MSA"),
               ("Arabic is my first language", "I can help with Arabic grammar and conversation")),
        "es": (("árabe", "idioma árabe"), ("hablo árabe desde niña",)),
        "fr": (("arabe", "langue arabe", "arabe littéraire"), ("l'arabe est ma langue maternelle",)),
        "pt": (("árabe", "língua árabe"), ()),
        "de": (("Arabisch",), ("Arabisch ist meine Muttersprache",)),
        "sw": (("Kiarabu",), ("ninazungumza Kiarabu",)),
    },
    "Yoruba": {
        "en": (("Yoruba", "Yorùbá", "yoruba language", "Ede Yoruba"),
               ("I'm a native Yoruba speaker from Ibadan", "I can teach basic Yoruba greetings and tones")),
        "es": (("yoruba", "idioma yoruba"), ()),
        "fr": (("yoruba", "langue yoruba"), ()),
        "pt": (("iorubá", "yorubá"), ("falo iorubá com minha avó",)),
        "de": (("Yoruba",), ()),
        "sw": (("Kiyoruba",), ()),
    },
    "Animation": {
        "en": (("Animation", "2D animation", "motion graphics", "stop motion", "animating", "After Effects"),
               ("I animate short explainer videos", "I can teach frame-by-frame animation")),
        "es": (("animación", "animación 2D", "stop motion"), ("hago animaciones cortas",)),
        "fr": (("animation", "dessin animé", "motion design"), ("je fais de l'animation image par image",)),
        "pt": (("animação", "motion graphics"), ()),
        "de": (("Animation", "Trickfilm", "Zeichentrick"), ()),
        "sw": (("uhuishaji", "katuni za kuhuisha"), ()),
    },
    "UX design": {
        "en": (("UX design", "UX", "user experience", "UX/UI", "wireframing", "usability"),
               ("I design app flows and run usability tests",
                "I can help you figure out why users get lost in your site")),
        "es": (("diseño UX", "experiencia de usuario", "diseño de experiencia"), ()),
        "fr": (("design UX", "expérience utilisateur", "ergonomie"),
               ("je conçois des parcours utilisateurs",)),
        "pt": (("design de UX", "experiência do usuário"), ()),
        "de": (("UX-Design", "Nutzererfahrung", "Usability"), ()),
        "sw": (("muundo wa UX", "uzoefu wa mtumiaji"), ()),
    },
    "3D printing": {
        "en": (("3D printing", "3d printers", "3D-printing", "FDM printing", "slicing with Cura",
                "additive manufacturing"),
               ("I run the 3D printers at our makerspace",
                "I can help you fix a print that won't stick to the bed")),
        "es": (("impresión 3D", "impresora 3D"), ()),
        "fr": (("impression 3D", "imprimante 3D"), ()),
        "pt": (("impressão 3D", "impressora 3D"), ("cuido das impressoras 3D do laboratório",)),
        "de": (("3D-Druck", "3D-Drucker"), ()),
        "sw": (("uchapishaji wa 3D", "printa ya 3D"), ()),
    },
    "Media relations": {
        "en": (("Media relations", "press relations", "PR", "dealing with journalists", "press releases",
                "getting press coverage"),
               ("I write press releases and pitch stories to journalists",
                "I used to be a press officer for an NGO")),
        "es": (("relaciones con los medios", "prensa", "comunicados de prensa"), ()),
        "fr": (("relations presse", "RP", "communiqués de presse"),
               ("j'ai été attachée de presse pendant dix ans",)),
        "pt": (("assessoria de imprensa", "relações com a imprensa"), ()),
        "de": (("Pressearbeit", "Medienarbeit", "Pressemitteilungen"), ()),
        "sw": (("mahusiano na vyombo vya habari", "taarifa kwa vyombo vya habari"), ()),
    },
    "Advocacy": {
        "en": (("Advocacy", "policy advocacy", "lobbying", "policy work", "campaigning for policy change"),
               ("I lobby local councils on open access policy",
                "I can help you write to your representative and be heard")),
        "es": (("incidencia política", "abogacía", "cabildeo"), ()),
        "fr": (("plaidoyer", "lobbying"), ()),
        "pt": (("advocacy", "incidência política"), ()),
        "de": (("Interessenvertretung", "Lobbyarbeit"), ()),
        "sw": (("utetezi", "kutetea sera"), ("ninatetea haki za wasomaji kwa serikali za mitaa",)),
    },
    "Curriculum design": {
        "en": (("Curriculum design", "curriculum development", "syllabus design", "course design",
                "designing a course"),
               ("I've designed the curriculum for a year-long coding course",
                "I can help you map learning outcomes across a whole programme")),
        "es": (("diseño curricular", "diseño de currículo", "planes de estudio"), ()),
        "fr": (("conception de programmes", "conception de cursus", "élaboration de curriculum"), ()),
        "pt": (("desenho curricular", "currículo"), ()),
        "de": (("Lehrplanentwicklung", "Curriculumsentwicklung"), ()),
        "sw": (("kuandaa mtaala", "mtaala"), ()),
    },
    "Open educational resources": {
        "en": (("OER", "Open educational resources", "open textbooks", "open course materials",
                "openly licensed teaching materials"),
               ("I help teachers publish their lesson materials openly", "I maintain an open textbook")),
        "es": (("recursos educativos abiertos", "REA"), ()),
        "fr": (("ressources éducatives libres", "REL"), ()),
        "pt": (("recursos educacionais abertos", "REA"), ()),
        "de": (("offene Bildungsressourcen", "OER"), ()),
        "sw": (("rasilimali huria za elimu", "OER"), ()),
    },
    "Wiki templates": {
        "en": (("Wiki templates", "templates on wikipedia", "infoboxes", "template coding", "navboxes",
                "wikitext templates"),
               ("I build and fix infoboxes on Wikipedia",
                "I can explain template parameters and parser functions")),
        "es": (("plantillas de wiki", "plantillas de Wikipedia", "fichas"), ()),
        "fr": (("modèles wiki", "modèles Wikipédia", "infobox"), ()),
        "pt": (("predefinições", "predefinições da Wikipédia"), ()),
        "de": (("Vorlagen in der Wikipedia", "Wiki-Vorlagen", "Infoboxen"), ()),
        "sw": (("violezo vya wiki", "violezo"), ()),
    },
    "Wikiquote": {
        "en": (("Wikiquote", "wikiquote", "quotes on Wikiquote", "sourcing quotations"),
               ("I add sourced quotations to Wikiquote", "I patrol and clean up Wikiquote pages")),
        "es": (("Wikiquote", "Wikicitas"), ()),
        "fr": (("Wikiquote", "citations sur Wikiquote"), ()),
        "pt": (("Wikiquote",), ()),
        "de": (("Wikiquote", "Zitate auf Wikiquote"), ()),
        "sw": (("Wikiquote", "nukuu kwenye Wikiquote"), ()),
    },
    "Active listening": {
        "en": (("Active listening", "listening skills", "deep listening", "empathetic listening",
                "really listening"),
               ("I'm a trained peer listener on a helpline",
                "I can help you listen without jumping in with advice")),
        "es": (("escucha activa", "saber escuchar"), ()),
        "fr": (("écoute active", "écoute bienveillante"), ()),
        "pt": (("escuta ativa",), ()),
        "de": (("aktives Zuhören", "Zuhören"), ()),
        "sw": (("usikilizaji makini", "kusikiliza kwa makini"), ()),
    },
    "Community health": {
        "en": (("Community health", "public health", "health outreach", "community health work", "CHW"),
               ("I'm a community health worker in an informal settlement",
                "I run health talks on nutrition and hygiene")),
        "es": (("salud comunitaria", "promotor de salud"), ()),
        "fr": (("santé communautaire", "santé publique"), ()),
        "pt": (("saúde comunitária", "promotora de saúde"), ()),
        "de": (("Gesundheitsförderung", "Gemeindegesundheit"), ()),
        "sw": (("afya ya jamii", "mhudumu wa afya ya jamii"), ("mimi ni mhudumu wa afya ya jamii mtaani",)),
    },
    "Entrepreneurship": {
        "en": (("Entrepreneurship", "starting a business", "startups", "running a small business",
                "founder stuff", "entrepreneur"),
               ("I've started two small businesses, one failed",
                "I can help you go from an idea to your first paying customer")),
        "es": (("emprendimiento", "emprender", "crear una empresa"), ("tengo mi propio negocio",)),
        "fr": (("entrepreneuriat", "création d'entreprise"), ()),
        "pt": (("empreendedorismo", "abrir um negócio"), ()),
        "de": (("Unternehmertum", "Gründung", "Existenzgründung"), ()),
        "sw": (("ujasiriamali", "kuanzisha biashara"), ()),
    },
    "Photography": {
        "en": (("Photography", "photo", "taking photos", "portrait photography", "DSLR", "street photography",
                "photog"),
               ("I shoot weddings on weekends", "I can teach you to get off auto mode on your camera")),
        "es": (("fotografía", "fotos"), ()),
        "fr": (("photographie", "photo"), ()),
        "pt": (("fotografia",), ()),
        "de": (("Fotografie", "Fotografieren"), ()),
        "sw": (("upigaji picha", "kupiga picha"), ()),
    },
    "Gardening": {
        "en": (("Gardening", "vegetable gardening", "growing veg", "allotment", "growing herbs",
                "container gardening"),
               ("I grow most of our vegetables on a rooftop", "I can help you start a herb garden on a balcony")),
        "es": (("jardinería", "huerto", "huerta urbana"), ()),
        "fr": (("jardinage", "potager"), ()),
        "pt": (("jardinagem", "horta"), ()),
        "de": (("Gärtnern", "Gartenarbeit", "Gemüsegarten"), ()),
        "sw": (("bustani", "kilimo cha bustani"), ()),
    },
    "Python": {
        "en": (("Python", "python3", "python scripting", "pandas", "Pyhton", "py"),
               ("I write Python scripts to automate boring work",
                "I can help beginners with their first Python programs")),
        "es": (("Python", "programación en Python"), ()),
        "fr": (("Python", "programmation Python"), ()),
        "pt": (("Python", "programação em Python"), ()),
        "de": (("Python", "Python-Programmierung"), ()),
        "sw": (("Python", "programu za Python"), ()),
    },
    "Public speaking": {
        "en": (("Public speaking", "speaking in public", "giving presentations", "giving talks", "toastmasters"),
               ("I've given talks at conferences in three countries",
                "I coach people who freeze in front of an audience")),
        "es": (("hablar en público", "oratoria"), ()),
        "fr": (("prise de parole en public", "art oratoire"), ()),
        "pt": (("falar em público", "oratória"), ()),
        "de": (("Rhetorik", "öffentliches Reden", "Vorträge halten"), ()),
        "sw": (("kuzungumza hadharani", "uzungumzaji wa umma"), ()),
    },
    "Accounting": {
        "en": (("Accounting", "bookkeeping", "accounts", "financial statements", "double-entry bookkeeping",
                "QuickBooks"),
               ("I'm a chartered accountant", "I do the books for three small charities")),
        "es": (("contabilidad",), ("soy contadora pública",)),
        "fr": (("comptabilité", "tenue de comptes"), ()),
        "pt": (("contabilidade",), ()),
        "de": (("Buchhaltung", "Rechnungswesen"), ("ich mache die Buchhaltung für unseren Verein",)),
        "sw": (("uhasibu", "kutunza hesabu"), ()),
    },
    "Translation": {
        "en": (("Translation", "translating", "translator", "EN<>FR translation", "document translation"),
               ("I translate articles between English and Spanish", "I work as a freelance translator")),
        "es": (("traducción", "traducir"), ()),
        "fr": (("traduction", "traduire"), ()),
        "pt": (("tradução", "traduzir"), ()),
        "de": (("Übersetzung", "Übersetzen"), ()),
        "sw": (("tafsiri", "kutafsiri"), ()),
    },
    "Calligraphy": {
        "en": (("Calligraphy", "hand lettering", "brush lettering", "modern calligraphy", "copperplate",
                "italic hand"),
               ("I practise copperplate with a dip pen", "I can show you how to hold a broad-edge pen")),
        "es": (("caligrafía", "lettering"), ()),
        "fr": (("calligraphie", "lettrage"), ()),
        "pt": (("caligrafia", "lettering"), ()),
        "de": (("Kalligrafie", "Schönschrift", "Handlettering"), ()),
        "sw": (("hati nzuri", "uandishi wa kisanaa"), ()),
    },
    "Choral singing": {
        "en": (("Choral singing", "choir", "singing in a choir", "choir singing", "SATB", "a cappella"),
               ("I've sung alto in a community choir for ten years",
                "I can help you learn your part by ear")),
        "es": (("canto coral", "coro", "cantar en coro"), ()),
        "fr": (("chant choral", "chorale"), ()),
        "pt": (("canto coral", "coral"), ()),
        "de": (("Chorgesang", "Chor", "im Chor singen"), ()),
        "sw": (("kwaya", "kuimba kwaya"), ()),
    },
    "Rock climbing": {
        "en": (("Rock climbing", "climbing", "bouldering", "sport climbing", "indoor climbing", "belaying"),
               ("I'm a bouldering addict, at the gym three times a week", "I can teach you to belay safely")),
        "es": (("escalada", "escalada en roca", "boulder"), ()),
        "fr": (("escalade", "bloc", "grimpe"), ()),
        "pt": (("escalada", "boulder"), ()),
        "de": (("Klettern", "Bouldern", "Sportklettern"), ()),
        "sw": (("kupanda miamba", "kupanda milima"), ()),
    },
}
SKILLS = tuple(SAYINGS)

# How often a skill turns up among members' fields, beyond the planted sharers.
POPULARITY = {
    "Python": 9, "Photography": 8, "Translation": 7, "Gardening": 7, "Public speaking": 6, "Entrepreneurship": 5,
    "Machine learning": 5, "UX design": 4, "Accounting": 4, "Arabic": 4, "Cloud computing": 4,
    "Community health": 3, "Active listening": 3, "Animation": 3, "3D printing": 3, "Arduino": 3,
    "Software testing": 3, "Curriculum design": 3, "Media relations": 2, "Advocacy": 2, "Yoruba": 2,
    "Open educational resources": 2, "Wiki templates": 2, "Rust": 2, "Wikiquote": 1,
    "Calligraphy": 2, "Choral singing": 2, "Rock climbing": 2,
}

SHARE_FRAMES = {
    "en": ("{x}", "{x}", "I can help with {x}", "happy to teach {x}", "I know {x}", "Skills: {x}",
           "I can help people with {x}", "{x} (done it for years)", "good at {x}"),
    "es": ("{x}", "puedo ayudar con {x}", "sé de {x}", "enseño {x}", "me defiendo en {x}"),
    "fr": ("{x}", "je peux aider en {x}", "je connais bien {x}", "compétences : {x}"),
    "pt": ("{x}", "posso ajudar com {x}", "manjo de {x}", "sei {x}"),
    "de": ("{x}", "ich kann bei {x} helfen", "Kenntnisse: {x}", "kenne mich aus mit {x}"),
    "sw": ("{x}", "naweza kusaidia na {x}", "ninajua {x}"),
}
LEARN_FRAMES = {
    "en": ("{x}", "{x}", "I'd love to learn {x}", "want to get into {x}", "curious about {x}",
           "teach me {x} please", "would like to improve my {x}"),
    "es": ("{x}", "quiero aprender {x}", "me interesa {x}"),
    "fr": ("{x}", "j'aimerais apprendre {x}", "envie de découvrir {x}"),
    "pt": ("{x}", "quero aprender {x}", "tenho interesse em {x}"),
    "de": ("{x}", "ich möchte {x} lernen", "Interesse an {x}"),
    "sw": ("{x}", "ningependa kujifunza {x}", "nataka kujifunza {x}"),
}
NOTHING_TO_LEARN = {
    "en": ("", "", "not sure yet", "-", "open to anything", "tbd"),
    "es": ("", "todavía no sé", "-"),
    "fr": ("", "je ne sais pas encore", "-"),
    "pt": ("", "ainda não sei", "-"),
    "de": ("", "weiß noch nicht", "-"),
    "sw": ("", "bado sijui"),
}
AND = {"en": ("and", "&", "+"), "es": ("y",), "fr": ("et",), "pt": ("e",), "de": ("und",), "sw": ("na",)}

# city (truth) -> how members write it in their profile's location
CITIES = {
    "Nairobi": ("Nairobi", "Nairobi, Kenya", "nbo", "NAIROBI", "Nairobi 🇰🇪", "Westlands, Nairobi"),
    "Dar es Salaam": ("Dar es Salaam", "Dar", "dar es salaam, TZ", "Dsm", "Dar-es-Salaam, Tanzania"),
    "Lagos": ("Lagos", "Lagos, Nigeria", "Ikeja, Lagos", "lagos", "Lasgidi"),
    "Cairo": ("Cairo", "Cairo, Egypt", "القاهرة", "Le Caire", "El Cairo"),
    "São Paulo": ("São Paulo", "São Paulo - SP", "Sao Paulo, Brazil", "sampa", "SP, Brasil"),
    "Bogotá": ("Bogotá", "Bogota, Colombia", "Bogotá D.C.", "bogota"),
    "Lisbon": ("Lisboa", "Lisbon", "Lisboa, Portugal", "lx"),
    "Lyon": ("Lyon", "Lyon, France", "lyon 69", "Lyon (Croix-Rousse)"),
    "Berlin": ("Berlin", "Berlin, Germany", "berlin-kreuzberg", "Bln"),
    "Toronto": ("Toronto", "Toronto, ON", "the 6ix", "TO, Canada", "Toronto / GTA"),
    "Manila": ("Manila", "Metro Manila", "Makati, Metro Manila", "Manila, PH"),
    "Melbourne": ("Melbourne", "Melbourne, VIC", "Naarm / Melbourne", "melb"),
}
# What members who give no usable location write.
NOWHERE = (None, None, "", "online", "Earth", "remote", "on the move", "somewhere warm", "n/a", "-",
           "the internet", "home")
# Where members of each language mostly live; the rest live anywhere.
HOMES = {
    "en": ("Nairobi", "Lagos", "Toronto", "Manila", "Melbourne", "Cairo"),
    "es": ("Bogotá",),
    "fr": ("Lyon", "Toronto", "Cairo"),
    "pt": ("São Paulo", "Lisbon"),
    "de": ("Berlin",),
    "sw": ("Nairobi", "Dar es Salaam"),
}

FIRST_NAMES = {
    "en": ("grace", "tunde", "amina", "kevin", "priya", "liam", "maria", "josh", "fatima", "chidi", "olivia",
           "noah", "zainab", "ethan", "mei", "samuel", "aisha", "jasmine", "david", "nadia"),
    "es": ("camila", "santiago", "valentina", "mateo", "lucia", "andres", "daniela", "felipe"),
    "fr": ("chloe", "hugo", "manon", "louis", "ines", "theo", "yasmine", "julien"),
    "pt": ("beatriz", "joao", "larissa", "rafael", "ana", "tiago", "mariana", "gustavo"),
    "de": ("lena", "jonas", "mia", "lukas", "hannah", "felix"),
    "sw": ("wanjiru", "baraka", "neema", "juma", "zawadi", "otieno"),
}
LAST_NAMES = ("adeyemi", "kamau", "nguyen", "garcia", "ferreira", "lefebvre", "mueller", "hassan", "santos",
              "okonkwo", "ramos", "bernard", "wagner", "mwangi", "cruz", "tan", "brown", "costa")
HANDLES = ("codes", "grows", "sings", "climbs", "writes", "prints", "listens", "teaches", "builds", "shoots")


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    long_words = [i for i, word in enumerate(words) if len(word) >= 5 and word.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    word = words[i]
    at = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.4:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2:]  # swapped letters
    elif kind < 0.75:
        word = word[:at] + word[at + 1:]  # a letter dropped
    else:
        word = word[:at] + word[at] + word[at:]  # a letter doubled
    words[i] = word
    return " ".join(words)


def _odd_capitals(rng: random.Random, text: str) -> str:
    roll = rng.random()
    if roll < 0.45:
        return text.lower()
    if roll < 0.7:
        return text.upper()
    return text.title()


def _name(rng: random.Random, skill: str, language: str) -> str:
    sayings = SAYINGS[skill]
    if language != "en" and rng.random() < 0.15:
        language = "en"  # the English name, as many write it in any language
    names, _ = sayings.get(language, sayings["en"])
    return rng.choice(names)


def _join(rng: random.Random, language: str, items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    roll = rng.random()
    if roll < 0.5:
        return ", ".join(items)
    if roll < 0.65:
        return " / ".join(items)
    if roll < 0.75:
        return "; ".join(items)
    return ", ".join(items[:-1]) + f" {rng.choice(AND[language])} " + items[-1]


def _finish(rng: random.Random, text: str) -> str:
    if rng.random() < 0.12:
        text = _typo(rng, text)
    if rng.random() < 0.1:
        text = _odd_capitals(rng, text)
    return text


def _shares_text(rng: random.Random, language: str, skills: list[str]) -> str:
    names, sentences = [], []
    for skill in skills:
        own_sentences = SAYINGS[skill].get(language, ((), ()))[1]
        if own_sentences and rng.random() < 0.3:
            sentences.append(rng.choice(own_sentences))
        else:
            names.append(_name(rng, skill, language))
    parts = []
    if names:
        parts.append(rng.choice(SHARE_FRAMES[language]).format(x=_join(rng, language, names)))
    parts.extend(sentences)
    return _finish(rng, rng.choice((". ", "\n", ". ")).join(parts))


def _learns_text(rng: random.Random, language: str, skills: list[str]) -> str:
    if not skills:
        return rng.choice(NOTHING_TO_LEARN[language])
    names = [_name(rng, skill, language) for skill in skills]
    return _finish(rng, rng.choice(LEARN_FRAMES[language]).format(x=_join(rng, language, names)))


def _username(rng: random.Random, language: str, taken: set[str]) -> str:
    while True:
        first = rng.choice(FIRST_NAMES[language])
        shape = rng.random()
        if shape < 0.35:
            name = f"{first}{rng.randint(1, 99)}"
        elif shape < 0.6:
            name = f"{first}_{rng.choice(LAST_NAMES)}"
        elif shape < 0.8:
            name = f"{first}.{rng.choice(HANDLES)}"
        else:
            name = f"{first.capitalize()}{rng.choice(LAST_NAMES).capitalize()}"
        if name.lower() not in taken:
            taken.add(name.lower())
            return name


def _location(rng: random.Random, language: str) -> tuple[str, str]:
    city = rng.choice(HOMES[language]) if rng.random() < 0.75 else rng.choice(tuple(CITIES))
    return rng.choice(CITIES[city]), city


def _pick(rng: random.Random, count: int, exclude: set[str]) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < count:
        candidates = [s for s in SKILLS if s not in exclude and s not in chosen]
        chosen.append(rng.choices(candidates, weights=[POPULARITY[s] for s in candidates])[0])
    return chosen


def members(count: int = 300, *, seed: int = 70417) -> list[Person]:
    rng = random.Random(seed)
    ineligible = set(rng.sample(range(count), round(count * INELIGIBLE_SHARE)))
    eligible = [i for i in range(count) if i not in ineligible]
    planted_skills = [skill for skill in SKILLS for _ in range(PLANTED_SHARERS)]
    planted = dict(zip(rng.sample(eligible, len(planted_skills)), planted_skills))
    nowhere = set(rng.sample(range(count), round(count * NOWHERE_SHARE)))

    people, taken = [], set()
    for i in range(count):
        language = rng.choices(LANGUAGES, weights=LANGUAGE_WEIGHTS)[0]
        first_share = [planted[i]] if i in planted else []
        wanted = rng.choices((1, 2, 3), weights=(45, 38, 17))[0]
        shares = first_share + _pick(rng, wanted - len(first_share), set(first_share))
        rng.shuffle(shares)
        learns = _pick(rng, rng.choices((0, 1, 2), weights=(30, 45, 25))[0], set(shares))
        if i in nowhere:
            location, city = rng.choice(NOWHERE), None
        else:
            location, city = _location(rng, language)
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


# (language, title, first post, tags, skills it is about, city it meets in)
CIRCLES: tuple[tuple[str, str, str, tuple[str, ...], frozenset[str], str | None], ...] = (
    ("en", "Blinking lights, soldering irons and a lot of patience",
     "I finally got my first board to read a temperature sensor and I want company for the next step. "
     "Thinking of a small group where we each build one thing over six weeks: a plant watering alarm, a door "
     "buzzer, whatever you fancy. We'd meet at the iHub in Nairobi on Thursday evenings. Bring a laptop and a "
     "USB cable, I have spare breadboards and jumper wires.",
     ("learningcircles", "hardware", "nairobi"), frozenset({"Arduino"}), "Nairobi"),
    ("en", "Fighting the borrow checker (and losing)",
     "I've read the book twice and I still end up cloning everything to make the compiler happy. Looking for "
     "a few people who want to work through ownership, lifetimes and traits with small exercises, maybe "
     "rewrite a little command-line tool together. Online, one evening a week, any timezone that overlaps "
     "with Europe.",
     ("learningcircles", "programming"), frozenset({"Rust"}), None),
    ("es", "¿Cómo aprende una máquina?",
     "Quiero armar un grupo de estudio para entender de verdad cómo se entrena un modelo: regresión, árboles "
     "de decisión, redes neuronales sencillas y, sobre todo, cómo saber si el modelo funciona. Usaríamos "
     "cuadernos de Jupyter y datos abiertos de la alcaldía. Nos vemos los sábados en la biblioteca Virgilio "
     "Barco, en Bogotá.",
     ("learningcircles", "datos", "bogota"), frozenset({"Machine learning"}), "Bogotá"),
    ("en", "No more Friday deploy panic",
     "Our small volunteer-run app breaks every time someone touches it. I'd like to start a circle where we "
     "learn to write unit and integration tests, set up a test runner in CI, and talk about what is still "
     "worth checking by hand. Beginners welcome, some coding needed.",
     ("learningcircles", "quality"), frozenset({"Software testing"}), None),
    ("de", "Eigener Server oder ab in die Wolke?",
     "Unser Verein betreibt noch einen alten Rechner im Keller. Ich würde gern mit ein paar Leuten lernen, "
     "wie man Dienste bei einem Anbieter wie AWS oder Hetzner aufsetzt, was das kostet und wie man die "
     "Rechnung im Griff behält. Treffen im Betahaus in Berlin, alle zwei Wochen mittwochs.",
     ("learningcircles", "infrastruktur", "berlin"), frozenset({"Cloud computing"}), "Berlin"),
    ("en", "Letters that flow from right to left",
     "I grew up in Cairo but never learned to write beautifully, only to type. I'd love a circle that mixes "
     "the language itself, reading and writing the script properly, with the art of the reed pen: naskh "
     "first, maybe thuluth if we get brave. We'd meet at a café in Zamalek, Cairo, on Friday afternoons. "
     "Total beginners and native speakers both welcome.",
     ("learningcircles", "arts", "languages"), frozenset({"Arabic", "Calligraphy"}), "Cairo"),
    ("en", "Ẹ káàrọ̀, let's actually talk",
     "My parents speak it at home but my kids only understand English. I'm looking for others who want to "
     "practise the language of our grandparents: greetings, proverbs, the tones that change everything. "
     "Meeting at Freedom Park in Lagos on Sunday afternoons, with native speakers to keep us honest.",
     ("learningcircles", "languages", "lagos"), frozenset({"Yoruba"}), "Lagos"),
    ("fr", "Faire bouger ses dessins",
     "J'aimerais monter un petit groupe pour apprendre à donner vie à des personnages : image par image, "
     "papier découpé, puis un peu de logiciel (Krita ou OpenToonz). Objectif : un court film de trente "
     "secondes chacun à la fin. On se retrouverait à la médiathèque de Lyon, le mercredi soir.",
     ("learningcircles", "cinema", "lyon"), frozenset({"Animation"}), "Lyon"),
    ("en", "Why does everyone click the wrong button?",
     "We watched five people try to sign up for our forum and all of them got stuck on the same screen. I "
     "want to learn how to plan a site around the people using it: interviews, wireframes, quick tests with "
     "paper prototypes. Let's meet online every other Tuesday and redesign one real sign-up flow together.",
     ("learningcircles", "design"), frozenset({"UX design"}), None),
    ("pt", "Peças de plástico para o laboratório",
     "Ganhamos duas impressoras no laboratório comunitário e ninguém sabe usar direito. Quero formar um grupo "
     "para aprender a modelar peças simples, fatiar, calibrar a mesa e resolver aquelas falhas de primeira "
     "camada. Encontros no sábado de manhã no Fab Lab Livre, em São Paulo.",
     ("learningcircles", "maker", "sp"), frozenset({"3D printing"}), "São Paulo"),
    ("en", "Getting our story into the local paper",
     "We ran a brilliant edit-a-thon last spring and not a single journalist came. I want to learn how to "
     "write a release that gets read, how to build a list of reporters, and what to say when one actually "
     "calls back. Anyone who has done comms for a charity, please join and keep us realistic.",
     ("learningcircles", "communications"), frozenset({"Media relations"}), None),
    ("sw", "Sauti yetu ifike kwa viongozi",
     "Tunataka kujifunza jinsi ya kushawishi halmashauri ya jiji kuhusu maktaba za umma na upatikanaji wa "
     "mtandao. Tutajifunza kuandaa hoja, kukutana na madiwani na kuandika barua za sera. Tutakutana kila "
     "Jumamosi mjini Dar es Salaam.",
     ("learningcircles", "jamii", "dar"), frozenset({"Advocacy"}), "Dar es Salaam"),
    ("en", "Planning a whole year, not just next Monday",
     "I teach a coding club for teenagers and every term I improvise. I'd like to sit down with other "
     "educators and plan a full sequence: what learners should be able to do at the end, in what order the "
     "topics come, how we check progress along the way. Online, fortnightly, bring whatever syllabus you have.",
     ("learningcircles", "education"), frozenset({"Curriculum design"}), None),
    ("es", "Materiales que cualquiera pueda reutilizar",
     "Muchos profesores hacemos guías y presentaciones que terminan guardadas en un cajón. Propongo un círculo "
     "para aprender a publicarlas con licencias libres, buscar libros de texto abiertos y adaptarlos a "
     "nuestras clases. En línea, los jueves por la tarde.",
     ("learningcircles", "educacion"), frozenset({"Open educational resources"}), None),
    ("en", "Those curly-brace boxes at the top of articles",
     "Every time I try to change an infobox I break half the pages that use it. Looking for people who want "
     "to understand how parameters, #if and #switch work, how to document what you built, and how not to "
     "make the job queue cry. We'd work on real ones on our home wiki. Online, Sunday mornings UTC.",
     ("learningcircles", "wiki"), frozenset({"Wiki templates"}), None),
    ("fr", "Ils l'ont vraiment dit ?",
     "Je cherche des personnes pour enrichir le projet frère de Wikipédia consacré aux citations : trouver "
     "la source exacte, vérifier la traduction, supprimer les phrases apocryphes qui circulent sur les "
     "réseaux. Une séance par mois, en ligne.",
     ("learningcircles", "wikimedia"), frozenset({"Wikiquote"}), None),
    ("en", "Learning to hear each other",
     "Our volunteer team keeps talking past each other in meetings. I'd like a small circle that practises "
     "listening properly: paraphrasing, asking open questions, staying quiet a bit longer than feels "
     "comfortable. We'd meet at a branch of the public library in Toronto, Monday evenings.",
     ("learningcircles", "wellbeing", "toronto"), frozenset({"Active listening"}), "Toronto"),
    ("sw", "Afya bora mtaani kwetu",
     "Ningependa kuanzisha kikundi cha kujifunza kuhusu lishe, usafi na chanjo ili tuweze kuelimisha majirani "
     "zetu. Tutaalika wahudumu wa afya wa kujitolea kushiriki uzoefu wao. Tutakutana Kibera, Nairobi, kila "
     "Jumanne jioni.",
     ("learningcircles", "afya", "nairobi"), frozenset({"Community health"}), "Nairobi"),
    ("en", "From side hustle to something real",
     "I've been selling handmade soap at weekend markets in Manila for two years and I think it could be a "
     "proper business. Who wants to work through the hard parts together: pricing, registering, finding "
     "customers beyond friends and family, keeping the money separate? We could meet at a co-working space "
     "in Makati on Saturdays.",
     ("learningcircles", "business", "manila"), frozenset({"Entrepreneurship"}), "Manila"),
    ("en", "Golden hour walks",
     "Every week we pick a neighbourhood, walk it just before sunset and share what we shot. I'd like to go "
     "deeper than that: exposure, composition, editing a series rather than single frames. Meeting at "
     "Flinders Street station in Melbourne, Thursdays; any camera or phone is fine.",
     ("walks", "melbourne"), frozenset({"Photography"}), "Melbourne"),
    ("pt", "Comida que cresce na varanda",
     "Moro num apartamento pequeno em Lisboa e consegui colher tomate e manjericão este ano. Quero aprender "
     "com quem sabe: compostagem, rega, o que plantar em cada estação e como lidar com pragas sem química. "
     "Encontros quinzenais na horta comunitária da Graça.",
     ("learningcircles", "lisboa"), frozenset({"Gardening"}), "Lisbon"),
    ("en", "Make the computer do the boring part",
     "I copy the same numbers from spreadsheets into reports every month and I'm sure a short script could do "
     "it. Looking for other beginners to learn the basics together: loops, reading files, a bit of pandas, "
     "maybe a small program that fills in the report for us at the end. Online, Wednesday evenings.",
     ("learningcircles", "coding"), frozenset({"Python"}), None),
    ("en", "Shaky hands at the microphone",
     "I have to present our chapter's annual report at a conference in March and the idea terrifies me. I'd "
     "like a circle where we each prepare short talks, give them to each other and get kind but honest "
     "feedback. Weekly, online, or in a room if enough of us live nearby.",
     ("learningcircles", "confidence"), frozenset({"Public speaking"}), None),
    ("de", "Belege, Bilanzen und Bauchschmerzen",
     "Seit ich Kassenwart in unserem Verein bin, stapeln sich die Quittungen. Ich möchte mit anderen lernen, "
     "wie man ordentlich bucht, einen Jahresabschluss vorbereitet und der Kassenprüfung gelassen "
     "entgegensieht. Online, einmal im Monat, gerne auch mit Leuten aus der Schweiz oder Österreich.",
     ("verein", "finanzen"), frozenset({"Accounting"}), None),
    ("en", "Carrying meaning across languages",
     "Moving a sentence into another language is easy; moving a joke, a legal notice or a poem is not. I'm "
     "proposing a circle for people who work between languages, whatever the pair, to bring a tricky passage "
     "each week and argue about the best rendering. Online, Saturdays.",
     ("learningcircles", "languages"), frozenset({"Translation"}), None),
    ("en", "Slow letters with a broad nib",
     "I've been practising the italic hand on my own from a library book and want company. Each time we meet we'd "
     "warm up with strokes, work on a few letters and end with a short quote written out properly. Ink, nibs "
     "and guideline sheets are cheap; I'll bring extras. Online with cameras on, Sunday afternoons.",
     ("learningcircles", "arts", "handmade"), frozenset({"Calligraphy"}), None),
    ("en", "No solos, just harmonies",
     "A few of us want to start singing together in four parts: no auditions, no need to read music yet. "
     "We'd learn simple arrangements by ear, work on breathing and blend, and maybe perform at the library's "
     "winter open house. Meeting in a church hall on Queen Street West, Toronto, Wednesday nights.",
     ("learningcircles", "music", "toronto"), frozenset({"Choral singing"}), "Toronto"),
    ("es", "Subiendo paredes los domingos",
     "Empecé a ir al rocódromo hace un mes y me enganché. Busco gente para aprender juntos técnica de pies, "
     "cómo asegurar con cuerda y cómo caer sin lastimarse, con alguien con experiencia que nos guíe. Nos "
     "vemos en un muro de Chapinero, Bogotá, los domingos por la mañana.",
     ("learningcircles", "deporte", "bogota"), frozenset({"Rock climbing"}), "Bogotá"),
    ("en", "A garden that texts you when it's thirsty",
     "Our school garden dies every holiday. I'd like to build soil moisture sensors with a few cheap "
     "microcontroller boards and learn, at the same time, what the plants actually need: watering, mulching, "
     "which crops survive a dry spell. Parents and teachers in Nairobi welcome, Saturday mornings at the "
     "school.",
     ("learningcircles", "stem", "nairobi"), frozenset({"Arduino", "Gardening"}), "Nairobi"),
    ("pt", "Cadernos, modelos e café",
     "Quero estudar com outras pessoas como treinar um modelo de classificação do zero, usando scikit-learn "
     "e notebooks em Python. A ideia é ler um capítulo por semana, fazer os exercícios e discutir os "
     "resultados. Online, às quintas à noite, horário de Brasília.",
     ("learningcircles", "dados"), frozenset({"Machine learning", "Python"}), None),
)


def circles(people: list[Person], count: int = 30, *, seed: int = 70418) -> list[Proposal]:
    """Each circle is posted by an eligible member who shares one of its skills."""
    rng = random.Random(seed)
    proposals = []
    for _language, title, raw, tags, skills, city in CIRCLES[:count]:
        authors = [p for p in people if p.eligible and p.shares & skills]
        author = rng.choice(authors)
        proposals.append(Proposal(title=title, raw=raw, tags=tags, author_id=author.member_id,
                                  skills=skills, city=city))
    return proposals
