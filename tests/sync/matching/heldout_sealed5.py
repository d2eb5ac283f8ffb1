"""A fifth sealed held-out community, written from the skill names alone by an independent author.

Nothing here was shaped by the taxonomy's data, the normalizer, the semantic reader, the matching
engine or the texts of the other communities: only the list of skill names, and which of them the other
communities already use, were known. Twenty-six taxonomy skills over many areas (eighteen that no other
community uses) and three skills outside the taxonomy (`FREE_SKILLS`, named by this author), typed the
way members type: plain names, synonyms, jargon, brand names, short sentences, typos and odd capitals,
in English, Spanish, French, Portuguese, German and Swahili, sometimes switching to English mid-field.
Members live in twenty cities on six continents, written as people write them (nicknames, districts,
postcodes, airport-style codes), or say nothing useful about where they are; the circles are forum
prose with their logistics, whose titles seldom name the skill.

Never tune on it: read its figures, never its texts, and never change the texts after seeing a figure.
"""
from __future__ import annotations

import random

from tests.sync.matching.heldout import Person, Proposal

FREE_SKILLS = ("Origami", "Tai chi", "Ukulele")
FIRST_ID = 80001

PLANTED_SHARERS = 4  # eligible sharers each circle skill has at least, anywhere
PLANTED_NEIGHBOURS = 3  # eligible sharers an in-person circle has at least in its own city
INELIGIBLE_SHARE = 0.05
NOWHERE_SHARE = 0.1
ELSEWHERE_SHARE = 0.15  # members who live outside the cities their language suggests

LANGUAGES = ("en", "es", "fr", "pt", "de", "sw")
LANGUAGE_WEIGHTS = (58, 11, 10, 9, 7, 5)
CODE_SWITCH = 0.15  # a non-English member names a skill the English way
TYPO = 0.07

# How members name each skill, by language: nouns and phrases that fit in a list.
SAYINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "JavaScript": {
        "en": ("JavaScript", "javascript", "JS", "vanilla js", "front-end JS", "ES6 / modern javascript",
               "making web pages interactive", "JS in the browser", "Javascript (some TypeScript-free zone)"),
        "es": ("JavaScript", "programación en JS", "javascript para páginas web"),
        "fr": ("JavaScript", "le JS", "du javascript côté navigateur"),
        "pt": ("JavaScript", "programação em JS", "javascript front"),
        "de": ("JavaScript", "JS-Programmierung", "Javascript im Browser"),
        "sw": ("JavaScript", "kuandika JS kwa tovuti"),
    },
    "Databases": {
        "en": ("databases", "database design", "Postgres", "MySQL & Postgres", "data modelling / schemas",
               "relational DBs", "MongoDB", "designing tables and keys", "db admin stuff"),
        "es": ("bases de datos", "diseño de bases de datos", "Postgres"),
        "fr": ("bases de données", "les BDD", "modélisation de données"),
        "pt": ("banco de dados", "modelagem de dados", "bancos relacionais"),
        "de": ("Datenbanken", "Datenbankdesign", "Postgres"),
        "sw": ("hifadhidata", "databases (Postgres)"),
    },
    "Inkscape": {
        "en": ("Inkscape", "inkscape", "vector drawing in Inkscape", "SVG editing", "making SVGs",
               "inkscape for logos", "free vector software"),
        "es": ("Inkscape", "dibujo vectorial con Inkscape"),
        "fr": ("Inkscape", "dessin vectoriel (Inkscape)"),
        "pt": ("Inkscape", "desenho vetorial no Inkscape"),
        "de": ("Inkscape", "Vektorgrafik mit Inkscape"),
        "sw": ("Inkscape", "kuchora picha za SVG"),
    },
    "Canva": {
        "en": ("Canva", "canva", "making posters in Canva", "canva templates", "quick social graphics w/ Canva",
               "flyers on canva"),
        "es": ("Canva", "diseños en Canva"),
        "fr": ("Canva", "visuels sur Canva"),
        "pt": ("Canva", "artes no Canva"),
        "de": ("Canva", "Flyer mit Canva"),
        "sw": ("Canva", "kutengeneza matangazo kwa Canva"),
    },
    "Marketing": {
        "en": ("marketing", "digital marketing", "branding and positioning", "getting the word out",
               "growth marketing", "email campaigns", "mktg", "go-to-market for small brands"),
        "es": ("marketing", "mercadotecnia", "marketing digital"),
        "fr": ("marketing", "le marketing digital", "mercatique"),
        "pt": ("marketing", "marketing digital", "divulgação de marca"),
        "de": ("Marketing", "Online-Marketing", "Markenaufbau"),
        "sw": ("masoko", "utangazaji wa biashara", "marketing"),
    },
    "Open data": {
        "en": ("open data", "opendata", "publishing open datasets", "open government data", "data portals",
               "freeing public data", "FOI requests for datasets"),
        "es": ("datos abiertos", "datos públicos abiertos"),
        "fr": ("données ouvertes", "l'open data"),
        "pt": ("dados abertos", "portais de dados abertos"),
        "de": ("offene Daten", "Open Data", "offene Verwaltungsdaten"),
        "sw": ("data huria", "takwimu huria"),
    },
    "Technical writing": {
        "en": ("technical writing", "tech writing", "writing documentation", "docs", "user manuals",
               "how-to guides", "READMEs people actually read", "documentation"),
        "es": ("redacción técnica", "documentación técnica"),
        "fr": ("rédaction technique", "écrire de la doc"),
        "pt": ("redação técnica", "documentação"),
        "de": ("technische Dokumentation", "technisches Schreiben"),
        "sw": ("uandishi wa nyaraka za kiufundi", "kuandika miongozo ya watumiaji"),
    },
    "Team building": {
        "en": ("team building", "teambuilding", "team-building activities", "getting a group to gel",
               "icebreakers and team games", "building trust in teams"),
        "es": ("dinámicas de grupo", "team building", "cohesión de equipos"),
        "fr": ("cohésion d'équipe", "team building"),
        "pt": ("integração de equipes", "dinâmicas de equipe"),
        "de": ("Teambuilding", "Teamentwicklung"),
        "sw": ("kujenga timu", "michezo ya kujenga ushirikiano"),
    },
    "Video production": {
        "en": ("video production", "making videos", "filming", "shooting short films",
               "camera work and lighting", "producing YouTube videos", "vid production", "videography"),
        "es": ("producción de video", "grabar videos", "producción audiovisual"),
        "fr": ("production vidéo", "tournage"),
        "pt": ("produção de vídeo", "filmagem", "audiovisual"),
        "de": ("Videoproduktion", "Filmen", "Videodreh"),
        "sw": ("kutengeneza video", "upigaji wa video"),
    },
    "Mandarin Chinese": {
        "en": ("Mandarin", "Chinese (Mandarin)", "mandarin chinese", "putonghua", "speaking Chinese",
               "中文 / Mandarin", "HSK 4 chinese"),
        "es": ("chino mandarín", "mandarín"),
        "fr": ("chinois mandarin", "le chinois"),
        "pt": ("mandarim", "chinês"),
        "de": ("Chinesisch", "Mandarin"),
        "sw": ("Kichina", "lugha ya Kichina"),
    },
    "Wiki Loves campaigns": {
        "en": ("Wiki Loves Monuments", "Wiki Loves Earth", "WLM photo contest", "running Wiki Loves contests",
               "the Wiki Loves competitions", "Wiki Loves Africa"),
        "es": ("Wiki Loves Monuments", "concursos Wiki Loves"),
        "fr": ("Wiki Loves Monuments", "le concours Wiki Loves Earth"),
        "pt": ("Wiki Loves Monuments", "concurso Wiki Loves"),
        "de": ("Wiki Loves Monuments", "Fotowettbewerb Wiki Loves Earth"),
        "sw": ("Wiki Loves Africa", "mashindano ya Wiki Loves"),
    },
    "Literature review": {
        "en": ("literature reviews", "lit review", "systematic reviews", "reviewing the literature",
               "finding and summarising papers", "scoping reviews"),
        "es": ("revisión bibliográfica", "revisión de literatura", "estado del arte"),
        "fr": ("revue de littérature", "état de l'art"),
        "pt": ("revisão de literatura", "revisão bibliográfica"),
        "de": ("Literaturrecherche", "Literaturüberblick"),
        "sw": ("mapitio ya maandiko", "kupitia tafiti zilizopita"),
    },
    "Makerspaces": {
        "en": ("makerspaces", "running a makerspace", "hackerspace stuff", "fab lab", "maker space",
               "community workshop spaces"),
        "es": ("espacios maker", "fab lab"),
        "fr": ("fablab", "tiers-lieu de fabrication"),
        "pt": ("espaço maker", "fab lab"),
        "de": ("Makerspace", "offene Werkstatt"),
        "sw": ("makerspace", "karakana ya jamii"),
    },
    "System administration": {
        "en": ("sysadmin", "system administration", "running servers", "servers & backups",
               "keeping servers alive", "sys admin", "on-call for our boxes"),
        "es": ("administración de sistemas", "servidores"),
        "fr": ("administration système", "adminsys"),
        "pt": ("administração de sistemas", "cuidar de servidores"),
        "de": ("Systemadministration", "Serveradmin"),
        "sw": ("usimamizi wa mifumo ya kompyuta", "kusimamia seva"),
    },
    "Financial management": {
        "en": ("financial management", "managing money for an org", "finances", "cash flow & financial reports",
               "treasurer duties", "money management for small orgs"),
        "es": ("gestión financiera", "finanzas", "tesorería"),
        "fr": ("gestion financière", "trésorerie d'association"),
        "pt": ("gestão financeira", "finanças"),
        "de": ("Finanzmanagement", "Kassenwart", "Finanzen im Verein"),
        "sw": ("usimamizi wa fedha", "fedha za shirika"),
    },
    "Media literacy": {
        "en": ("media literacy", "spotting fake news", "reading the news critically",
               "teaching people to question what they read", "misinformation awareness"),
        "es": ("alfabetización mediática", "educación en medios"),
        "fr": ("éducation aux médias", "EMI (éducation aux médias et à l'information)"),
        "pt": ("literacia mediática", "educação midiática"),
        "de": ("Medienkompetenz",),
        "sw": ("elimu ya vyombo vya habari", "kutambua habari za uongo"),
    },
    "UI design": {
        "en": ("UI design", "ui", "interface design", "designing app screens", "Figma mockups",
               "UI / visual design for apps"),
        "es": ("diseño de interfaces", "diseño UI"),
        "fr": ("design d'interface", "UI design"),
        "pt": ("design de interface", "UI"),
        "de": ("UI-Design", "Oberflächengestaltung"),
        "sw": ("kubuni kiolesura", "UI design"),
    },
    "Wikibooks": {
        "en": ("Wikibooks", "wikibooks", "writing open textbooks on Wikibooks", "the wikibooks project",
               "wiki books"),
        "es": ("Wikilibros",),
        "fr": ("Wikilivres",),
        "pt": ("Wikilivros",),
        "de": ("Wikibooks",),
        "sw": ("Wikibooks", "vitabu vya Wikibooks"),
    },
    "Photography": {
        "en": ("photography", "photos", "taking pictures", "portrait photography", "film cameras",
               "street photography", "foto"),
        "es": ("fotografía", "fotos"),
        "fr": ("photographie", "la photo"),
        "pt": ("fotografia",),
        "de": ("Fotografie", "Fotografieren"),
        "sw": ("upigaji picha", "kupiga picha"),
    },
    "Gardening": {
        "en": ("gardening", "veg growing", "my allotment", "growing tomatoes and herbs", "container gardening",
               "composting and raised beds"),
        "es": ("jardinería", "huerto urbano"),
        "fr": ("jardinage", "potager"),
        "pt": ("jardinagem", "horta"),
        "de": ("Gärtnern", "Gemüsegarten"),
        "sw": ("bustani", "kilimo cha bustani ya nyumbani"),
    },
    "Public speaking": {
        "en": ("public speaking", "speaking in front of people", "giving talks", "presenting without panicking",
               "toastmasters", "stage presence"),
        "es": ("hablar en público", "oratoria"),
        "fr": ("prise de parole en public", "parler en public"),
        "pt": ("falar em público", "oratória"),
        "de": ("Reden halten", "öffentliches Sprechen"),
        "sw": ("kuzungumza hadharani", "hotuba"),
    },
    "Python": {
        "en": ("Python", "python3", "pandas / python scripting", "py", "python programming",
               "automating stuff with python"),
        "es": ("Python", "programación en Python"),
        "fr": ("Python", "le python"),
        "pt": ("Python",),
        "de": ("Python", "Python-Skripte"),
        "sw": ("Python", "programu za Python"),
    },
    "Cooking": {
        "en": ("cooking", "home cooking", "baking bread", "cooking for big groups", "meal prep", "cookin"),
        "es": ("cocina", "cocinar"),
        "fr": ("cuisine", "faire la cuisine"),
        "pt": ("culinária", "cozinhar"),
        "de": ("Kochen",),
        "sw": ("upishi", "kupika"),
    },
    "Sewing": {
        "en": ("sewing", "sewing machine basics", "mending clothes", "dressmaking", "alterations and hemming"),
        "es": ("costura", "coser"),
        "fr": ("couture",),
        "pt": ("costura",),
        "de": ("Nähen",),
        "sw": ("ushonaji", "kushona nguo"),
    },
    "Mentoring": {
        "en": ("mentoring", "being a mentor", "mentorship", "guiding juniors", "one-on-one career advice"),
        "es": ("mentoría",),
        "fr": ("mentorat",),
        "pt": ("mentoria",),
        "de": ("Mentoring",),
        "sw": ("mentorship", "kuwaongoza vijana kikazi"),
    },
    "Spreadsheets": {
        "en": ("spreadsheets", "Excel", "excel formulas", "google sheets", "pivot tables", "vlookups"),
        "es": ("hojas de cálculo", "Excel"),
        "fr": ("tableur", "Excel"),
        "pt": ("planilhas", "Excel"),
        "de": ("Tabellenkalkulation", "Excel"),
        "sw": ("Excel", "majedwali ya Excel"),
    },
    "Origami": {
        "en": ("origami", "paper folding", "folding paper cranes", "modular origami"),
        "es": ("origami", "papiroflexia"),
        "fr": ("origami", "pliage de papier"),
        "pt": ("origami", "dobradura"),
        "de": ("Origami", "Papierfalten"),
        "sw": ("origami", "kukunja karatasi"),
    },
    "Tai chi": {
        "en": ("tai chi", "taichi", "tai chi chuan", "qigong and tai chi", "slow martial arts"),
        "es": ("taichí", "tai chi"),
        "fr": ("tai-chi", "taï chi"),
        "pt": ("tai chi chuan", "tai chi"),
        "de": ("Tai-Chi", "Taiji"),
        "sw": ("tai chi", "mazoezi ya tai chi"),
    },
    "Ukulele": {
        "en": ("ukulele", "uke", "ukelele", "playing the ukulele", "strumming on a uke"),
        "es": ("ukelele",),
        "fr": ("ukulélé",),
        "pt": ("ukulele", "tocar ukulele"),
        "de": ("Ukulele",),
        "sw": ("ukulele", "kupiga ukulele"),
    },
}

# Whole sentences some members write instead of a list, about the first thing they share.
SENTENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "JavaScript": {"en": ("I write a lot of JS for small websites.", "Front-end dev, mostly plain JavaScript.")},
    "Databases": {"en": ("I look after our Postgres database at work.",),
                  "es": ("Diseño bases de datos en mi trabajo.",)},
    "Inkscape": {"en": ("I draw all our diagrams and logos in Inkscape.",)},
    "Canva": {"en": ("I make the posters for our church events in Canva.",)},
    "Marketing": {"en": ("I do the marketing for a small coffee roaster.",),
                  "pt": ("Trabalho com marketing digital há cinco anos.",)},
    "Open data": {"en": ("I help the city council publish its data openly.",)},
    "Technical writing": {"en": ("I write the user manuals for a software company.",)},
    "Team building": {"en": ("I plan offsites and team days for a living.",)},
    "Video production": {"en": ("I shoot and produce short videos for NGOs.",),
                         "fr": ("Je réalise des petits films pour des associations.",)},
    "Mandarin Chinese": {"en": ("I grew up speaking Mandarin at home.",),
                         "es": ("Viví cuatro años en Shanghái y hablo chino.",)},
    "Literature review": {"en": ("I've done three systematic reviews for my PhD.",)},
    "System administration": {"en": ("I keep the servers running at a university lab.",)},
    "Financial management": {"en": ("I've been treasurer of two charities.",),
                             "fr": ("Je suis trésorière d'une association depuis dix ans.",)},
    "Media literacy": {"en": ("I run workshops on spotting fake news in schools.",)},
    "UI design": {"en": ("I design app screens in Figma all day.",)},
    "Photography": {"en": ("I shoot weddings on weekends.", "I always have a camera with me.")},
    "Gardening": {"en": ("I grow most of our vegetables in the back yard.",),
                  "de": ("Ich habe einen Schrebergarten.",)},
    "Public speaking": {"en": ("I coach people before big presentations.",)},
    "Python": {"en": ("I automate boring office work with Python.", "Data analyst, Python every day.")},
    "Cooking": {"en": ("I cook for 20+ people most Sundays.",), "sw": ("Napenda kupika chakula cha sherehe.",)},
    "Sewing": {"en": ("I make most of my own clothes.",), "pt": ("Costuro as roupas da família toda.",)},
    "Mentoring": {"en": ("I mentor new grads at my company.",)},
    "Spreadsheets": {"en": ("I basically live in Excel.",)},
    "Origami": {"en": ("I fold paper cranes when I'm nervous, hundreds of them.",)},
    "Tai chi": {"en": ("I practise tai chi in the park every morning.",)},
    "Ukulele": {"en": ("I play uke in a little beginners' band.",)},
}

SKILLS = tuple(SAYINGS)

POPULARITY = {
    "Python": 9, "Photography": 9, "Cooking": 8, "Spreadsheets": 8, "Gardening": 7, "Public speaking": 6,
    "Marketing": 6, "JavaScript": 6, "Video production": 5, "Mentoring": 5, "Sewing": 4, "Databases": 4,
    "UI design": 4, "Canva": 4, "Technical writing": 3, "Team building": 3, "Mandarin Chinese": 3,
    "Financial management": 3, "Media literacy": 3, "System administration": 3, "Open data": 2,
    "Inkscape": 2, "Literature review": 2, "Makerspaces": 2, "Wikibooks": 1, "Wiki Loves campaigns": 1,
    "Origami": 2, "Tai chi": 2, "Ukulele": 3,
}

SHARE_FRAMES = {
    "en": ("{list}", "{list}", "{list}", "I can help people with {list}", "happy to teach {list}",
           "ask me about {list}", "{list}. been doing it for years", "I'm decent at {list}", "work: {list}",
           "can show newbies {list}", "{list} (self-taught)", "pretty good with {list}, happy to pass it on"),
    "es": ("{list}", "{list}", "Puedo ayudar con {list}", "sé bastante de {list}", "enseño {list}",
           "me defiendo en {list}"),
    "fr": ("{list}", "{list}", "Je peux donner un coup de main pour : {list}", "je m'y connais en {list}",
           "j'enseigne {list}", "à l'aise avec {list}"),
    "pt": ("{list}", "{list}", "Posso ajudar com {list}", "manjo de {list}", "ensino {list}",
           "tenho experiência com {list}"),
    "de": ("{list}", "{list}", "Ich kann bei {list} helfen", "kenne mich aus mit {list}", "Erfahrung in: {list}",
           "zeige gern {list}"),
    "sw": ("{list}", "{list}", "Naweza kusaidia kwa {list}", "ninajua {list}", "nafundisha {list}",
           "nina uzoefu wa {list}"),
}

LEARN_FRAMES = {
    "en": ("{list}", "{list}", "want to learn {list}", "curious about {list}", "would love to get better at {list}",
           "teach me {list} pls", "{list}, from zero", "getting into {list}", "I'd like to pick up {list}"),
    "es": ("{list}", "quiero aprender {list}", "me interesa {list}", "aprender {list} desde cero"),
    "fr": ("{list}", "j'aimerais apprendre {list}", "envie de découvrir {list}", "débutant(e) en {list}"),
    "pt": ("{list}", "quero aprender {list}", "tenho curiosidade sobre {list}", "aprender {list} do zero"),
    "de": ("{list}", "möchte {list} lernen", "Interesse an {list}", "Anfänger bei {list}"),
    "sw": ("{list}", "ningependa kujifunza {list}", "nataka kujua {list}", "mimi ni mwanafunzi wa {list}"),
}

NOTHING_TO_LEARN = {
    "en": ("", "", "nothing right now", "-", "not sure yet", "tbd"),
    "es": ("", "nada por ahora"),
    "fr": ("", "rien pour l'instant"),
    "pt": ("", "nada por enquanto"),
    "de": ("", "gerade nichts"),
    "sw": ("", "bado sijaamua"),
}

AND = {"en": ("and", "&", "+"), "es": ("y",), "fr": ("et",), "pt": ("e",), "de": ("und",), "sw": ("na",)}
ALSO = {"en": "Also", "es": "También", "fr": "Aussi", "pt": "Também", "de": "Außerdem", "sw": "Pia"}

# The truth behind each city, and how its people write it.
CITIES = {
    "Toronto": ("Toronto", "toronto, ON", "Toronto, Canada", "the 6ix", "TO", "Scarborough, Toronto"),
    "Melbourne": ("Melbourne", "Melbourne, VIC", "melb", "Naarm / Melbourne", "Fitzroy, Melbourne, Australia"),
    "Manila": ("Manila", "Metro Manila", "Quezon City, Metro Manila", "manila PH", "Manila, Philippines"),
    "Mumbai": ("Mumbai", "Bombay", "Mumbai, India", "Andheri West, Mumbai", "mumbai 400050"),
    "Accra": ("Accra", "Accra, Ghana", "East Legon, Accra", "accra gh"),
    "Nairobi": ("Nairobi", "Nairobi, Kenya", "NRB", "Kilimani, Nairobi", "nairobi ke"),
    "Mexico City": ("Ciudad de México", "CDMX", "Mexico City", "México D.F.", "Coyoacán, CDMX"),
    "Buenos Aires": ("Buenos Aires", "CABA", "Bs As", "Palermo, Buenos Aires", "Buenos Aires, Argentina"),
    "Bogotá": ("Bogotá", "Bogota", "Bogotá D.C.", "Chapinero, Bogotá", "bogota colombia"),
    "Lyon": ("Lyon", "Lyon 7e", "lyon (69)", "Villeurbanne / Lyon", "Lyon, France"),
    "Montreal": ("Montréal", "Montreal, QC", "MTL", "Plateau Mont-Royal, Montréal", "montreal"),
    "Dakar": ("Dakar", "Dakar, Sénégal", "Plateau, Dakar", "dkr"),
    "São Paulo": ("São Paulo", "Sao Paulo", "SP capital", "Sampa", "Pinheiros, São Paulo - SP"),
    "Porto": ("Porto", "Porto, Portugal", "Oporto", "Matosinhos / Porto"),
    "Maputo": ("Maputo", "Maputo, Moçambique", "maputo cidade"),
    "Vienna": ("Wien", "Vienna", "Wien, Österreich", "1070 Wien", "vienna AT"),
    "Berlin": ("Berlin", "Berlin-Neukölln", "berlin, DE", "Kreuzberg, Berlin"),
    "Zurich": ("Zürich", "Zurich", "Zürich, Schweiz", "zuerich", "8004 Zürich"),
    "Dar es Salaam": ("Dar es Salaam", "Dar", "DSM", "Dar es salaam, Tanzania", "Kariakoo, Dar"),
    "Mombasa": ("Mombasa", "Mombasa, Kenya", "mombasa KE", "Nyali, Mombasa"),
}

NOWHERE = (None, None, "", "online", "the internet", "earth 🌍", "wherever my laptop is", "n/a", "—", "nomad",
           "home", "🏠", "planet earth", "not telling", "somewhere")

HOMES = {
    "en": ("Toronto", "Melbourne", "Manila", "Mumbai", "Accra", "Nairobi"),
    "es": ("Mexico City", "Buenos Aires", "Bogotá"),
    "fr": ("Lyon", "Montreal", "Dakar"),
    "pt": ("São Paulo", "Porto", "Maputo"),
    "de": ("Vienna", "Berlin", "Zurich"),
    "sw": ("Dar es Salaam", "Nairobi", "Mombasa"),
}

FIRST_NAMES = {
    "en": ("priya", "kwame", "liam", "grace", "mark", "joy", "arjun", "chloe", "tom", "ama", "rafael", "mei",
           "jonah", "aisha", "noah", "ruth", "kofi", "isla", "dev", "hannah", "ben", "sarah", "jomar", "angel"),
    "es": ("lucia", "mateo", "valentina", "diego", "camila", "andres", "sofia", "julian", "paula", "nico"),
    "fr": ("camille", "louis", "fatou", "hugo", "chloé", "mamadou", "lea", "etienne", "awa", "margaux"),
    "pt": ("joao", "ana", "thiago", "beatriz", "lucas", "ines", "rafaela", "pedro", "celia", "tiago"),
    "de": ("jonas", "lena", "felix", "mia", "lukas", "anna", "moritz", "clara", "tobias", "greta"),
    "sw": ("baraka", "neema", "juma", "zawadi", "amani", "rehema", "hamisi", "imani", "salim", "wanjiru"),
}
LAST_NAMES = ("okafor", "mensah", "reyes", "santos", "dubois", "weber", "mwangi", "patel", "silva", "chen",
              "diallo", "novak", "otieno", "garcia", "kim", "haddad", "costa", "moreau", "schmid", "njoroge")
HANDLES = ("folds", "strums", "bakes", "codes", "grows", "shoots", "writes", "draws", "sews", "learns")

# The circles: language, title, first post, tags, the skills they are about, the city they meet in.
CIRCLES: tuple[tuple[str, str, str, tuple[str, ...], frozenset[str], str | None], ...] = (
    ("en", "Making buttons actually do something",
     "I've got a tiny site for our community fridge and I keep pasting snippets I don't understand so that "
     "the sign-up form checks itself. I'd like a small group that works through the basics together: "
     "variables, functions, the DOM, fetch. Bring a laptop. We'd meet Wednesdays 6:30 to 8 at the Toronto "
     "Public Library, Bloor/Gladstone branch, for about six weeks. Beginners very welcome, and if you already "
     "write this stuff for a living please come and keep us honest.",
     ("learningcircles", "webdev", "beginners"), frozenset({"JavaScript"}), "Toronto"),
    ("en", "Where should all our stuff live?",
     "Our tool library tracks 400 items, who borrowed what and late returns in one enormous spreadsheet that "
     "breaks every month. I think we need a proper database with tables that relate to each other, but I "
     "don't know how to design one. Looking for people who want to learn schemas, keys and queries with me, "
     "and someone who has set up Postgres or similar before and could steer. Online, Thursdays 19:00 UTC on "
     "Jitsi, about an hour.",
     ("learningcircles", "online", "data"), frozenset({"Databases"}), None),
    ("fr", "Des logos qui restent nets",
     "Bonjour ! Pour l'asso on refait nos affiches et notre logo, et à chaque fois qu'on l'agrandit c'est "
     "tout flou. Je voudrais apprendre le dessin vectoriel avec un logiciel libre (Inkscape, pas Illustrator) "
     ": courbes de Bézier, calques, export en SVG et PDF. On se retrouverait le mardi soir de 18h30 à 20h à "
     "la médiathèque du 7e, à Lyon, pendant deux mois. Si quelqu'un maîtrise déjà l'outil, votre aide serait "
     "précieuse.",
     ("learningcircles", "graphisme", "logiciel-libre"), frozenset({"Inkscape"}), "Lyon"),
    ("en", "Our posters are ugly and nobody comes",
     "We run a Saturday youth football league in Kibera and every term we struggle to get parents and "
     "sponsors to notice. I want a few of us to learn how to make decent posters and social graphics quickly "
     "in Canva, and also the thinking behind it: who are we talking to, what's the message, where do we put "
     "it. Meeting at a café near Kilimani in Nairobi, Saturdays 2pm after the matches, four weeks. Anyone who "
     "does this for a brand, please join.",
     ("learningcircles", "nairobi", "promo"), frozenset({"Canva", "Marketing"}), "Nairobi"),
    ("es", "¿Dónde están los datos del Metro?",
     "Hola a todos. Llevo meses intentando conseguir las cifras de afluencia por estación y siempre termino "
     "con PDFs escaneados. Me gustaría armar un círculo para aprender a encontrar, pedir y publicar datos del "
     "gobierno en formatos que cualquiera pueda reutilizar: portales, solicitudes de transparencia, formatos "
     "abiertos. Nos veríamos los jueves a las 19 h en un café de la Roma, CDMX, durante seis semanas. Si ya "
     "trabajaste con portales de datos públicos, ¡te necesitamos!",
     ("learningcircles", "cdmx", "transparencia"), frozenset({"Open data"}), "Mexico City"),
    ("en", "Docs nobody reads",
     "Every project I contribute to has a README that starts with 'TODO' and a wiki nobody updates. I'd like "
     "to get good at writing instructions a stranger can follow on the first try: structure, plain language, "
     "screenshots, keeping it current when the software changes. Proposal: we each pick a real project, "
     "rewrite one page a week and review each other's drafts. Online, Mondays 17:00 UTC, six weeks.",
     ("learningcircles", "writing", "documentation"), frozenset({"Technical writing"}), None),
    ("de", "Wie wird aus fünf Leuten ein Team?",
     "Servus! Ich leite seit Kurzem eine kleine Gruppe Ehrenamtlicher in einem Nachbarschaftszentrum, und "
     "ehrlich gesagt arbeiten wir eher nebeneinander als miteinander. Ich möchte lernen, wie man Vertrauen "
     "aufbaut, gute Übungen zum Kennenlernen anleitet und merkt, wenn es in der Gruppe kriselt. Treffen wäre "
     "jeden zweiten Freitag um 17 Uhr im Amerlinghaus, Wien 7., ungefähr drei Monate lang. Wer Erfahrung "
     "damit hat, aus einem Haufen Leute ein Team zu machen: bitte melden!",
     ("learningcircles", "wien", "ehrenamt"), frozenset({"Team building"}), "Vienna"),
    ("en", "Short films on a phone budget",
     "A few of us at the parish youth group want to make short documentaries about our barangay: the "
     "jeepney drivers, the sari-sari store lola, that kind of thing. We have phones and one borrowed tripod. "
     "I want to learn how to plan a shoot, light a face, get clean sound and tell a story in three minutes. "
     "Meeting Sundays 3pm at a coworking space in Quezon City, Metro Manila. If you've worked on a set or "
     "film events, please come teach us.",
     ("learningcircles", "film", "manila"), frozenset({"Video production"}), "Manila"),
    ("en", "Ordering dumplings with confidence",
     "I've done two terms of an app and can say 我是学生 in perfect tones, and that's about it. I'd love a "
     "relaxed conversation group for beginners: tones, everyday phrases, a bit of pinyin, maybe some "
     "characters. Native speakers who don't mind slow learners would be amazing. We could meet Saturday "
     "mornings at 10 in the State Library, Melbourne, then go for lunch in Chinatown to practise ordering.",
     ("learningcircles", "languages", "melbourne"), frozenset({"Mandarin Chinese"}), "Melbourne"),
    ("pt", "Fotografar o património da cidade",
     "Olá! Em setembro arranca mais uma edição do concurso Wiki Loves Monuments e o Porto está cheio de "
     "monumentos sem boas fotos livres. A ideia é um grupo que aprenda a fotografar edifícios (luz, "
     "enquadramento, perspetiva) e a participar no concurso com a descrição certa para cada imagem. Encontros "
     "aos sábados às 10h na Praça da Ribeira, seguidos de passeio fotográfico, durante quatro semanas.",
     ("learningcircles", "porto", "fotografia"), frozenset({"Wiki Loves campaigns", "Photography"}), "Porto"),
    ("en", "Drowning in PDFs",
     "Second-year master's student here, supposed to 'situate my work in the literature' by March, and I have "
     "312 PDFs and no plan. I'd like to learn with others how to search systematically, screen papers, keep "
     "track of what we've read and turn it into a chapter that synthesises instead of summarising. Online, "
     "Tuesdays 8pm GMT, weekly check-ins, eight weeks. People who've published systematic or scoping reviews "
     "would be gold.",
     ("learningcircles", "research", "grad-school"), frozenset({"Literature review"}), None),
    ("sw", "Karakana ya pamoja mtaani kwetu",
     "Habari zenu! Tuna chumba kikubwa kwenye kituo cha vijana Sinza ambacho hakitumiki. Tungependa kukigeuza "
     "kiwe mahali ambapo watu wanakuja kutengeneza vitu kwa pamoja, kushiriki vifaa, kupanga zamu na kuweka "
     "sheria za usalama. Nataka kujifunza jinsi ya kuanzisha na kuendesha nafasi kama hii. Tutakutana kila "
     "Jumamosi saa nne asubuhi hapo Sinza, Dar es Salaam. Kama umewahi kuendesha fab lab au hackerspace, "
     "karibu sana!",
     ("learningcircles", "dar", "makers"), frozenset({"Makerspaces"}), "Dar es Salaam"),
    ("en", "The server cupboard is scary",
     "Our NGO has a box in a cupboard that runs email, file shares and the website, and the one volunteer who "
     "set it up moved to Pune. Nobody knows how the backups work or what happens when it reboots. I'd like to "
     "learn how to look after machines like this properly: users and permissions, updates, backups that "
     "actually restore, monitoring. We'd meet Friday evenings 7pm at our office in Andheri East, Mumbai. "
     "Anyone who runs servers for a living, please help.",
     ("learningcircles", "ngo-tech", "mumbai"), frozenset({"System administration"}), "Mumbai"),
    ("es", "Las cuentas de la cooperativa",
     "Somos una cooperativa de trabajo gráfica en Barracas y cada fin de mes es un drama: no sabemos cuánta "
     "plata va a entrar, pagamos tarde a los proveedores y los números del año los arma una sola compañera. "
     "Propongo un círculo para aprender a manejar la plata de una organización: flujo de caja, previsiones, "
     "informes claros para la asamblea, cómo aguantar los meses flojos. Nos juntamos los miércoles a las 19 "
     "en la sede, Buenos Aires. Si sos tesorero/a de alguna asociación, sumate.",
     ("learningcircles", "cooperativas", "finanzas"), frozenset({"Financial management"}), "Buenos Aires"),
    ("en", "Is this WhatsApp forward true?",
     "My mum's family group chat gets at least three miracle cures and one fake election rumour a day. I want "
     "to learn, and then teach at our church, how to read news and social posts critically: who made this, "
     "why, what's missing, who benefits. Looking for teachers and librarians who already run this kind of "
     "workshop. Meetings on Saturday afternoons, 3pm, at a library in Accra, for five weeks.",
     ("learningcircles", "accra", "news"), frozenset({"Media literacy"}), "Accra"),
    ("en", "Screens that don't confuse my gran",
     "I'm building a small app for a community clinic to book appointments, and my first version made a nurse "
     "sigh very loudly. I'd like to learn to lay out screens properly: spacing, colour, type sizes, buttons "
     "that look like buttons, making mockups in Figma before writing code. Let's do weekly critiques of each "
     "other's screens. Online, Wednesday 6pm CET, six weeks.",
     ("learningcircles", "design", "figma"), frozenset({"UI design"}), None),
    ("fr", "Un manuel libre pour notre cours de chimie",
     "Salut! On est trois profs de cégep tannés des manuels à 150 $ que nos étudiants n'achètent pas. On "
     "aimerait écrire ensemble un manuel libre sur Wikilivres, chapitre par chapitre, et apprendre comment "
     "fonctionne le projet : structure d'un livre, modèles, relecture. Rencontres le jeudi à 16 h à la "
     "bibliothèque du Cégep du Vieux Montréal, pendant le trimestre d'hiver.",
     ("learningcircles", "montreal", "ressources-libres"), frozenset({"Wikibooks"}), "Montreal"),
    ("en", "Balcony tomatoes, round two",
     "Last summer I got exactly four cherry tomatoes and a lot of aphids. This spring I want to do better on "
     "my tiny Brunswick balcony: pots, soil, watering, companion planting, what actually survives a Melbourne "
     "summer. Keen to form a little group and swap seedlings. Sunday mornings at CERES, 9:30, fortnightly "
     "through spring.",
     ("learningcircles", "melbourne", "veggies"), frozenset({"Gardening"}), "Melbourne"),
    ("en", "Shaky hands club",
     "I have to present our team's results to the board in February and my voice goes up an octave when more "
     "than six people look at me. Let's form a small supportive group where we each give a short talk every "
     "week and get kind, specific feedback. Tuesdays 7pm, a meeting room on Spadina, Toronto. Eight weeks. "
     "Toastmasters veterans welcome to coach.",
     ("learningcircles", "toronto", "confidence"), frozenset({"Public speaking"}), "Toronto"),
    ("de", "Schluss mit Copy & Paste im Büro",
     "Hallo zusammen, ich verbringe jede Woche Stunden damit, Zahlen aus E-Mails in Tabellen zu kopieren. Ich "
     "will endlich programmieren lernen, um so etwas zu automatisieren: Dateien einlesen, Daten umformen, "
     "Berichte erzeugen. Gedacht ist an ein Buch wie „Automate the Boring Stuff with Python“, jede Woche ein "
     "Kapitel. Wir treffen uns montags um 18:30 in der Stadtbibliothek Neukölln, Berlin, acht Wochen lang. "
     "Leute, die schon Skripte schreiben, sind herzlich willkommen.",
     ("learningcircles", "berlin", "programmieren"), frozenset({"Python"}), "Berlin"),
    ("en", "Feeding forty on a Saturday",
     "Our neighbourhood association does a free lunch once a month and I've been volunteered as head cook. I "
     "can make jollof for my family, but scaling to forty plates, planning quantities, keeping things hot and "
     "safe, and not spending all night in the kitchen is new. Looking to learn with other home cooks and "
     "anyone who has done catering. We'd meet at the community centre kitchen in Osu, Accra, Thursday "
     "evenings at 6.",
     ("learningcircles", "food", "accra"), frozenset({"Cooking"}), "Accra"),
    ("pt", "Bainha, botão e zíper",
     "Oi gente! Tenho uma pilha de roupa esperando conserto porque nunca aprendi a usar a máquina que herdei "
     "da minha avó. Quero montar um grupo pra aprender o básico: passar a linha, fazer bainha, pregar botão, "
     "trocar zíper e, quem sabe, uma saia simples no final. Encontros aos sábados às 14h num ateliê em "
     "Pinheiros, São Paulo, por seis semanas. Quem já tem mão pra isso, vem ajudar!",
     ("learningcircles", "sampa", "faça-você-mesmo"), frozenset({"Sewing"}), "São Paulo"),
    ("en", "Becoming the senior you wished you had",
     "I got promoted and suddenly three juniors want to 'grab coffee and pick my brain'. I want to do it "
     "well: how to listen, set goals with someone, give honest feedback without crushing them, and know when "
     "to point them elsewhere. A peer group for people new to guiding others, swapping what worked and what "
     "didn't. Online, every other Thursday, 12:30 UTC, lunchtime-sized.",
     ("learningcircles", "careers", "online"), frozenset({"Mentoring"}), None),
    ("en", "Our chama's records are a mess",
     "Our women's savings group has 22 members, monthly contributions, loans and interest, and it's all in a "
     "notebook plus one shaky Google Sheet. I want to learn formulas, lookups, conditional formatting and a "
     "simple dashboard so everyone can see where things stand. Meeting Sunday afternoons at 3 in a classroom "
     "at our church in Kasarani, Nairobi. If you live in Excel at work, please come.",
     ("learningcircles", "nairobi", "money"), frozenset({"Spreadsheets"}), "Nairobi"),
    ("en", "A thousand cranes by spring",
     "A friend is going through chemo and a few of us want to fold a thousand paper cranes for her before "
     "April. I can do the crane, badly. I'd love a relaxed group to learn folds properly, from the basics to "
     "a few modular pieces, and keep each other going. Sundays 1pm at the Toronto Reference Library. Paper "
     "provided. If you can fold a kusudama, we need you.",
     ("learningcircles", "paper", "toronto"), frozenset({"Origami"}), "Toronto"),
    ("es", "Moverse despacio en el parque",
     "Buenas. Desde que trabajo en casa me duele todo: espalda, cuello, rodillas. Vi a un grupo de señores "
     "practicando tai chi en el Parque Nacional y me encantó la calma. Quiero armar un grupo de principiantes "
     "para aprender la forma corta, la respiración y el equilibrio. Nos veríamos martes y jueves a las 6:30 "
     "a. m. en el Parque Nacional, Bogotá. Si alguien practica desde hace años y quiere guiarnos, bienvenido.",
     ("learningcircles", "bogota", "bienestar"), frozenset({"Tai chi"}), "Bogotá"),
    ("en", "Four strings, zero experience",
     "Bought a cheap soprano during lockdown, learned C and Am, then it lived under my bed. Let's change that "
     "together! Weekly jam for absolute beginners: chords, strumming patterns, simple OPM songs and "
     "singalongs. Saturdays 5pm at a café on Maginhawa Street, Quezon City. Bring your instrument; a spare "
     "tuner is available.",
     ("learningcircles", "music", "manila"), frozenset({"Ukulele"}), "Manila"),
    ("sw", "Bidhaa zetu zijulikane",
     "Habari wanajamii! Sisi ni kikundi cha kina mama tunaotengeneza sabuni na mafuta ya nazi hapa Mombasa. "
     "Bidhaa ni nzuri lakini wateja ni wachache. Tungependa kujifunza jinsi ya kujua wateja wetu ni nani, "
     "kuweka bei, kutangaza mtandaoni na sokoni, na kujenga jina la bidhaa. Tutakutana kila Jumanne saa kumi "
     "jioni katika ukumbi wa jamii Likoni, Mombasa. Karibu kama una ujuzi wa kutangaza biashara.",
     ("learningcircles", "mombasa", "biashara"), frozenset({"Marketing"}), "Mombasa"),
    ("en", "Talking to a camera without freezing",
     "I'm supposed to record short explainer clips for our evening literacy classes and I look like a hostage "
     "in every take. I'd like to learn both sides: how to set up a simple shoot at home (framing, light from a "
     "window, a cheap mic) and how to speak naturally to a lens. Online, Fridays 4pm UTC; we share clips and "
     "give notes. Five weeks.",
     ("learningcircles", "video", "online"), frozenset({"Video production", "Public speaking"}), None),
    ("en", "Paper animals for restless kids",
     "I volunteer at an after-school project in Heliópolis and the kids go wild on rainy afternoons. Paper is "
     "cheap and folding calms everyone down, but I only know the boat. I'd like a small group of volunteers "
     "to learn simple models, jumping frogs, boxes, stars, and how to show them to 8-year-olds. Wednesdays "
     "5pm at the project's space in São Paulo; some weeks in Portuguese, some in English.",
     ("learningcircles", "kids", "sampa"), frozenset({"Origami"}), "São Paulo"),
)


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    long_words = [i for i, word in enumerate(words) if len(word) >= 5 and word.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    word = words[i]
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:  # two letters swapped
        word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
    elif kind == 1:  # a letter dropped
        word = word[:at] + word[at + 1:]
    else:  # a letter doubled
        word = word[:at] + word[at] + word[at:]
    words[i] = word
    return " ".join(words)


def _odd_capitals(rng: random.Random, text: str) -> str:
    roll = rng.random()
    if roll < 0.35:
        return text.upper() if len(text) < 30 else text.lower()
    if roll < 0.7:
        return text.lower()
    return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))


def _name(rng: random.Random, skill: str, language: str) -> str:
    if language != "en" and rng.random() < CODE_SWITCH:
        language = "en"
    text = rng.choice(SAYINGS[skill][language])
    return _typo(rng, text) if rng.random() < TYPO else text


def _join(rng: random.Random, language: str, items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    roll = rng.random()
    if roll < 0.2:
        return rng.choice((" / ", "; ", ", ", "\n")).join(items)
    return ", ".join(items[:-1]) + f" {rng.choice(AND[language])} " + items[-1]


def _finish(rng: random.Random, text: str) -> str:
    if text.endswith((".", "!", "?")):
        return text
    text = text + rng.choice(("", "", "", ".", "!", " :)", "..."))
    return _odd_capitals(rng, text) if rng.random() < 0.08 else text


def _shares_text(rng: random.Random, language: str, skills: list[str]) -> str:
    sentences = SENTENCES.get(skills[0], {}).get(language)
    if sentences and rng.random() < 0.3:
        text = rng.choice(sentences)
        if len(skills) > 1:
            text += f" {ALSO[language]}: {_join(rng, language, [_name(rng, s, language) for s in skills[1:]])}"
        return _finish(rng, text)
    listed = _join(rng, language, [_name(rng, s, language) for s in skills])
    return _finish(rng, rng.choice(SHARE_FRAMES[language]).format(list=listed))


def _learns_text(rng: random.Random, language: str, skills: list[str]) -> str:
    if not skills:
        return rng.choice(NOTHING_TO_LEARN[language])
    listed = _join(rng, language, [_name(rng, s, language) for s in skills])
    return _finish(rng, rng.choice(LEARN_FRAMES[language]).format(list=listed))


def _username(rng: random.Random, language: str, taken: set[str]) -> str:
    while True:
        first, last = rng.choice(FIRST_NAMES[language]), rng.choice(LAST_NAMES)
        pattern = rng.randrange(5)
        if pattern == 0:
            name = f"{first}{last}"
        elif pattern == 1:
            name = f"{first}_{rng.randrange(1, 99)}"
        elif pattern == 2:
            name = f"{first}.{last}"
        elif pattern == 3:
            name = f"{first}{rng.choice(HANDLES)}"
        else:
            name = f"{first[:1].upper()}{first[1:]}{last[:1].upper()}"
        if name.lower() not in taken:
            taken.add(name.lower())
            return name


def _home(rng: random.Random, language: str) -> str:
    if rng.random() < ELSEWHERE_SHARE:
        return rng.choice(sorted(CITIES))
    return rng.choice(HOMES[language])


def _pick(rng: random.Random, count: int, exclude: set[str]) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < count:
        skill = rng.choices(SKILLS, weights=[POPULARITY[s] for s in SKILLS])[0]
        if skill not in exclude and skill not in chosen:
            chosen.append(skill)
    return chosen


def _plant(rng: random.Random, skill: str, wanted: int, drafts: list[dict], city: str | None) -> None:
    """Gives `skill` to eligible members (in `city`, if one is named) until `wanted` of them share it."""
    def sharing() -> int:
        return sum(skill in d["shares"] and d["eligible"] and (city is None or d["city"] == city) for d in drafts)

    candidates = [d for d in drafts if d["eligible"] and len(d["shares"]) < 3 and skill not in d["shares"]
                  and skill not in d["learns"] and (city is None or d["city"] == city)]
    rng.shuffle(candidates)
    while sharing() < wanted and candidates:
        candidates.pop()["shares"].append(skill)


def members(count: int = 300, *, seed: int = 80417) -> list[Person]:
    rng = random.Random(seed)
    ineligible = set(rng.sample(range(count), round(count * INELIGIBLE_SHARE)))
    nowhere = set(rng.sample(range(count), round(count * NOWHERE_SHARE)))
    drafts: list[dict] = []
    for i in range(count):
        language = rng.choices(LANGUAGES, weights=LANGUAGE_WEIGHTS)[0]
        shares = _pick(rng, rng.choices((1, 2, 3), weights=(45, 35, 20))[0], set())
        learns = _pick(rng, rng.choices((0, 1, 2), weights=(30, 45, 25))[0], set(shares))
        city = None if i in nowhere else _home(rng, language)
        drafts.append({"language": language, "shares": shares, "learns": learns, "city": city,
                       "eligible": i not in ineligible})

    for *_, skills, city in CIRCLES:
        for skill in sorted(skills):
            _plant(rng, skill, PLANTED_SHARERS, drafts, None)
        if city is not None:
            _plant(rng, sorted(skills)[0], PLANTED_NEIGHBOURS, drafts, city)

    people = []
    taken: set[str] = set()
    for i, draft in enumerate(drafts):
        language, city = draft["language"], draft["city"]
        location = rng.choice(NOWHERE) if city is None else rng.choice(CITIES[city])
        people.append(Person(
            member_id=FIRST_ID + i,
            username=_username(rng, language, taken),
            shares_text=_shares_text(rng, language, draft["shares"]),
            learns_text=_learns_text(rng, language, draft["learns"]),
            location=location,
            city=city,
            shares=frozenset(draft["shares"]),
            learns=frozenset(draft["learns"]),
            eligible=draft["eligible"],
        ))
    return people


def circles(people: list[Person], count: int = 30, *, seed: int = 80418) -> list[Proposal]:
    """The circles in CIRCLES, each proposed by someone who cares about its skills, near it when it meets
    in person."""
    rng = random.Random(seed)
    proposals = []
    for _, title, raw, tags, skills, city in CIRCLES[:count]:
        caring = [p for p in people if (p.shares | p.learns) & skills]
        nearby = [p for p in caring if city is None or p.city == city]
        author = rng.choice(nearby or caring)
        proposals.append(Proposal(title=title, raw=raw, tags=tags, author_id=author.member_id, skills=skills,
                                  city=city))
    return proposals
