"""A seventh sealed held-out community, written from the skill names alone by an independent author.

Nothing here was shaped by the taxonomy's data, the normalizer, the semantic reader, the matching
engine or the texts of the other communities: only the list of skill names, and which of them the other
communities already use, were known. It leans toward technical, data, open-knowledge and media skills.
Twenty-eight taxonomy skills (twenty-two that no other community uses) and three skills outside the
taxonomy (`FREE_SKILLS`, named by this author), typed the way members type: plain names, synonyms,
jargon, tool and brand names, short sentences, typos and odd capitals, in English, Spanish, French,
Portuguese, German and Swahili, sometimes switching to English mid-field. Members live in fifteen cities
on six continents, written as people write them (nicknames, districts, postcodes, codes), or say nothing
useful about where they are; the circles are forum prose with their logistics, whose titles seldom name
the skill.

Never tune on it: read its figures, never its texts, and never change the texts after seeing a figure.
"""
from __future__ import annotations

import sys

from tests.sync.matching import sealed_generator
from tests.sync.matching.heldout import Person, Proposal

FREE_SKILLS = ("Ham radio", "Speedcubing", "Board game design")
FIRST_ID = 100001

PLANTED_SHARERS = 4  # eligible sharers each circle skill has at least, anywhere
PLANTED_NEIGHBOURS = 3  # eligible sharers an in-person circle has at least in its own city
INELIGIBLE_SHARE = 0.05
NOWHERE_SHARE = 0.1
ELSEWHERE_SHARE = 0.15  # members who live outside the cities their language suggests

LANGUAGES = ("en", "es", "fr", "pt", "de", "sw")
LANGUAGE_WEIGHTS = (57, 11, 9, 10, 8, 5)
CODE_SWITCH = 0.3  # a non-English member names a skill the English way (tech jargon mostly is English)
TYPO = 0.08

# How members name each skill, by language; English is always there and is the fallback.
SAYINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "APIs": {
        "en": ("APIs", "REST apis", "building REST endpoints", "API design", "integrating third-party APIs",
               "openapi / swagger specs", "webhooks and REST"),
        "es": ("APIs REST", "diseño de APIs", "integrar APIs"),
        "fr": ("API REST", "conception d'API"),
        "pt": ("APIs REST", "integração de APIs"),
        "de": ("REST-Schnittstellen", "API-Entwicklung", "Schnittstellen bauen"),
        "sw": ("kutengeneza API",),
    },
    "Go": {
        "en": ("Go", "golang", "writing services in Go", "Go (the language)", "goroutines and channels"),
        "es": ("golang", "programar en Go"),
        "fr": ("golang", "développement en Go"),
        "pt": ("golang", "programação em Go"),
        "de": ("Golang", "Go-Entwicklung"),
        "sw": ("golang",),
    },
    "TypeScript": {
        "en": ("TypeScript", "typescript", "TS", "typed javascript", "migrating JS codebases to TS"),
        "es": ("TypeScript", "tipado en TS"),
        "fr": ("TypeScript",),
        "pt": ("TypeScript", "TS"),
        "de": ("TypeScript",),
        "sw": ("TypeScript",),
    },
    "React": {
        "en": ("React", "ReactJS", "react.js", "react hooks", "Next.js frontends", "building SPAs in react"),
        "es": ("React", "desarrollo frontend con React"),
        "fr": ("React", "ReactJS", "front en React"),
        "pt": ("React", "front-end com React"),
        "de": ("React", "React-Frontends"),
        "sw": ("React",),
    },
    "Node.js": {
        "en": ("Node", "node.js", "NodeJS", "express backends", "npm packages and node servers", "server-side JS"),
        "es": ("Node.js", "backend con Node"),
        "fr": ("Node.js", "back-end Node"),
        "pt": ("Node.js", "backend em Node"),
        "de": ("Node.js", "Node-Backends"),
        "sw": ("NodeJS",),
    },
    "DevOps": {
        "en": ("DevOps", "CI/CD pipelines", "docker & kubernetes", "k8s", "infrastructure as code",
               "terraform", "keeping deploys boring"),
        "es": ("DevOps", "integración continua", "despliegues con Docker"),
        "fr": ("DevOps", "intégration continue", "déploiement continu"),
        "pt": ("DevOps", "esteiras de CI/CD"),
        "de": ("DevOps", "CI/CD", "Deployment-Automatisierung"),
        "sw": ("DevOps",),
    },
    "Lua": {
        "en": ("Lua", "lua scripting", "Scribunto modules", "writing Lua modules for the wiki", "love2d"),
        "es": ("Lua", "módulos en Lua"),
        "fr": ("Lua", "modules Lua"),
        "pt": ("Lua", "módulos em Lua"),
        "de": ("Lua", "Lua-Module"),
        "sw": ("Lua",),
    },
    "MediaWiki": {
        "en": ("MediaWiki", "mediawiki", "running our own wiki on mediawiki", "mediawiki extensions",
               "LocalSettings.php wrangling"),
        "es": ("MediaWiki", "instalar MediaWiki"),
        "fr": ("MediaWiki", "extensions MediaWiki"),
        "pt": ("MediaWiki",),
        "de": ("MediaWiki", "MediaWiki-Erweiterungen"),
        "sw": ("MediaWiki",),
    },
    "Wikifunctions": {
        "en": ("Wikifunctions", "wiki functions", "writing functions on wikifunctions", "Abstract Wikipedia",
               "wikifunctions implementations and testers"),
        "es": ("Wikifunctions", "Wikifunciones"),
        "fr": ("Wikifonctions", "Wikifunctions"),
        "pt": ("Wikifunções", "Wikifunctions"),
        "de": ("Wikifunctions", "Wikifunktionen"),
        "sw": ("Wikifunctions",),
    },
    "Wikinews": {
        "en": ("Wikinews", "wikinews reporting", "writing news on wikinews", "citizen journalism on Wikinews"),
        "es": ("Wikinoticias", "Wikinews"),
        "fr": ("Wikinews", "Wikinews en français"),
        "pt": ("Wikinotícias", "Wikinews"),
        "de": ("Wikinews", "Wikinews-Artikel schreiben"),
        "sw": ("Wikinews", "kuandika habari kwenye Wikinews"),
    },
    "Structured data on Commons": {
        "en": ("structured data on commons", "SDC", "depicts statements on Commons", "tagging commons files with depicts",
               "Commons structured data"),
        "es": ("datos estructurados en Commons", "declaraciones 'representa' en Commons"),
        "fr": ("données structurées sur Commons", "SDC"),
        "pt": ("dados estruturados no Commons",),
        "de": ("strukturierte Daten auf Commons", "SDC"),
        "sw": ("data iliyopangwa kwenye Commons",),
    },
    "Bots and automation": {
        "en": ("bots", "bot writing", "pywikibot", "automating boring edits", "scripts that do the repetitive stuff",
               "AutoWikiBrowser", "running a bot account"),
        "es": ("bots", "automatización", "pywikibot"),
        "fr": ("bots", "automatisation", "dresseur de bots"),
        "pt": ("robôs", "automação", "pywikibot"),
        "de": ("Bots", "Automatisierung", "Bot-Betreiber"),
        "sw": ("roboti", "otomatiki"),
    },
    "Open access": {
        "en": ("open access", "OA publishing", "getting papers out from behind paywalls", "preprints and OA",
               "green open access and repositories"),
        "es": ("acceso abierto", "publicación en acceso abierto"),
        "fr": ("libre accès", "accès ouvert", "science ouverte"),
        "pt": ("acesso aberto", "ciência aberta"),
        "de": ("Open Access", "freier Zugang zu Publikationen"),
        "sw": ("ufikiaji huria",),
    },
    "Open source software": {
        "en": ("open source", "FOSS", "FLOSS", "contributing to open source projects", "maintaining an OSS library",
               "free software"),
        "es": ("software libre", "código abierto"),
        "fr": ("logiciel libre", "open source"),
        "pt": ("software livre", "código aberto"),
        "de": ("freie Software", "Open-Source-Projekte"),
        "sw": ("programu huria", "programu za chanzo huria"),
    },
    "Data journalism": {
        "en": ("data journalism", "ddj", "data-driven reporting", "finding stories in spreadsheets",
               "investigative data reporting"),
        "es": ("periodismo de datos", "periodismo de investigación con datos"),
        "fr": ("journalisme de données", "datajournalisme"),
        "pt": ("jornalismo de dados",),
        "de": ("Datenjournalismus",),
        "sw": ("uandishi wa habari wa takwimu",),
    },
    "Infographics": {
        "en": ("infographics", "info graphics", "explainer graphics", "making one-page visual explainers",
               "infographic design"),
        "es": ("infografías", "infografía"),
        "fr": ("infographies", "infographie"),
        "pt": ("infográficos",),
        "de": ("Infografiken",),
        "sw": ("michoro ya taarifa",),
    },
    "Image editing": {
        "en": ("photo editing", "photoshop", "GIMP", "retouching", "image editing", "lightroom edits",
               "cleaning up scans"),
        "es": ("edición de fotos", "retoque fotográfico", "photoshop"),
        "fr": ("retouche photo", "retouche d'images", "GIMP"),
        "pt": ("edição de imagens", "tratamento de fotos", "photoshop"),
        "de": ("Bildbearbeitung", "Fotos bearbeiten"),
        "sw": ("kuhariri picha",),
    },
    "Reference management": {
        "en": ("Zotero", "reference management", "mendeley", "managing citations in zotero",
               "keeping a bibliography database", "BibTeX libraries"),
        "es": ("gestores de referencias", "Zotero"),
        "fr": ("gestion bibliographique", "Zotero"),
        "pt": ("gerenciadores de referências", "Zotero", "Mendeley"),
        "de": ("Literaturverwaltung", "Citavi", "Zotero"),
        "sw": ("usimamizi wa marejeo",),
    },
    "Information literacy": {
        "en": ("information literacy", "evaluating sources", "teaching people to search well",
               "knowing a good source from a bad one", "search skills"),
        "es": ("alfabetización informacional", "evaluar fuentes"),
        "fr": ("maîtrise de l'information", "culture informationnelle", "évaluer les sources"),
        "pt": ("competência informacional", "letramento informacional"),
        "de": ("Informationskompetenz", "Quellen bewerten"),
        "sw": ("ujuzi wa taarifa", "kutathmini vyanzo"),
    },
    "User research": {
        "en": ("user research", "UXR", "user interviews", "usability testing", "talking to users before building",
               "running usability tests"),
        "es": ("investigación de usuarios", "entrevistas con usuarios", "pruebas de usabilidad"),
        "fr": ("recherche utilisateur", "tests utilisateurs", "entretiens utilisateurs"),
        "pt": ("pesquisa com usuários", "testes de usabilidade"),
        "de": ("Nutzerforschung", "Usability-Tests", "Nutzerinterviews"),
        "sw": ("utafiti wa watumiaji",),
    },
    "3D modelling": {
        "en": ("3d modeling", "Blender", "3D modelling", "CAD", "fusion 360", "sculpting in blender"),
        "es": ("modelado 3D", "Blender"),
        "fr": ("modélisation 3D", "Blender"),
        "pt": ("modelagem 3D", "Blender"),
        "de": ("3D-Modellierung", "Blender", "CAD-Konstruktion"),
        "sw": ("uundaji wa 3D",),
    },
    "Artificial intelligence": {
        "en": ("AI", "artificial intelligence", "LLMs", "prompting and building with language models",
               "generative AI", "ai ethics and tooling"),
        "es": ("inteligencia artificial", "IA"),
        "fr": ("intelligence artificielle", "IA"),
        "pt": ("inteligência artificial", "IA"),
        "de": ("künstliche Intelligenz", "KI"),
        "sw": ("akili bandia", "AI"),
    },
    "Python": {
        "en": ("python", "Python 3", "pandas & python scripting", "py", "writing little python tools"),
        "es": ("Python", "programación en python"),
        "fr": ("Python", "scripts python"),
        "pt": ("Python", "programação em Python"),
        "de": ("Python", "Python-Skripte"),
        "sw": ("Python", "kuandika programu kwa Python"),
    },
    "Photography": {
        "en": ("photography", "taking photos", "street photography", "DSLR", "portrait photography", "photog"),
        "es": ("fotografía", "sacar fotos"),
        "fr": ("photographie", "photo"),
        "pt": ("fotografia",),
        "de": ("Fotografie", "Fotografieren"),
        "sw": ("upigaji picha", "kupiga picha"),
    },
    "Podcasting": {
        "en": ("podcasting", "podcasts", "running a podcast", "podcast production", "recording a pod"),
        "es": ("pódcast", "hacer podcasts"),
        "fr": ("podcast", "faire des podcasts"),
        "pt": ("podcast", "produção de podcast"),
        "de": ("Podcasts", "Podcast machen"),
        "sw": ("podcast", "kutengeneza podikasti"),
    },
    "Data visualisation": {
        "en": ("data viz", "dataviz", "data visualization", "charts", "D3.js", "making charts that people get",
               "tableau dashboards"),
        "es": ("visualización de datos", "gráficos"),
        "fr": ("visualisation de données", "dataviz"),
        "pt": ("visualização de dados",),
        "de": ("Datenvisualisierung", "Diagramme"),
        "sw": ("uonyeshaji wa data kwa michoro",),
    },
    "SQL": {
        "en": ("SQL", "sql queries", "postgres", "writing joins", "MySQL", "sqlite", "querying databases"),
        "es": ("SQL", "consultas SQL"),
        "fr": ("SQL", "requêtes SQL"),
        "pt": ("SQL", "consultas SQL"),
        "de": ("SQL", "SQL-Abfragen"),
        "sw": ("SQL",),
    },
    "Wikidata": {
        "en": ("Wikidata", "wikidata", "adding items and statements to wikidata", "wikidata QIDs", "WD"),
        "es": ("Wikidata",),
        "fr": ("Wikidata",),
        "pt": ("Wikidata",),
        "de": ("Wikidata",),
        "sw": ("Wikidata",),
    },
    "Ham radio": {
        "en": ("ham radio", "amateur radio", "licensed ham", "HF / VHF radio", "morse code and radio", "SDR"),
        "es": ("radioafición", "radioaficionado"),
        "fr": ("radioamateur",),
        "pt": ("radioamadorismo", "radioamador"),
        "de": ("Amateurfunk", "Funkamateur"),
        "sw": ("redio ya wapenzi",),
    },
    "Speedcubing": {
        "en": ("speedcubing", "rubik's cube", "solving the cube fast", "cubing (sub-20 on 3x3)", "CFOP"),
        "es": ("speedcubing", "cubo de Rubik"),
        "fr": ("speedcubing", "Rubik's cube"),
        "pt": ("cubo mágico", "speedcubing"),
        "de": ("Zauberwürfel", "Speedcubing"),
        "sw": ("mchemraba wa Rubik",),
    },
    "Board game design": {
        "en": ("board game design", "designing tabletop games", "game design (board games)",
               "prototyping card and board games", "tabletop design"),
        "es": ("diseño de juegos de mesa",),
        "fr": ("création de jeux de société", "conception de jeux de plateau"),
        "pt": ("design de jogos de tabuleiro",),
        "de": ("Brettspiele entwickeln", "Spieleautor"),
        "sw": ("kubuni michezo ya bao",),
    },
}
SKILLS = tuple(SAYINGS)

# How often a member has each skill, relative to the others: the common languages and media lead.
POPULARITY = {
    "Python": 5, "Photography": 4, "SQL": 4, "React": 3, "Wikidata": 4, "Data visualisation": 3,
    "Open source software": 4, "Artificial intelligence": 3, "Podcasting": 3, "Image editing": 3,
    "Node.js": 3, "TypeScript": 3, "APIs": 3, "DevOps": 2, "Speedcubing": 2, "Ham radio": 2,
}

SHARE_FRAMES = {
    "en": ("{}", "{}", "{}", "I can help people with {}", "I do {} at work", "{} (professionally, 6+ yrs)",
           "know {} reasonably well", "happy to pair on {}", "maintainer-level {}", "I teach {} at the uni"),
    "es": ("{}", "{}", "trabajo con {}", "puedo ayudar con {}", "sé bastante de {}"),
    "fr": ("{}", "{}", "je bosse en {}", "je peux aider sur {}", "à l'aise avec {}"),
    "pt": ("{}", "{}", "trabalho com {}", "posso ajudar com {}", "manjo de {}"),
    "de": ("{}", "{}", "arbeite beruflich mit {}", "kann bei {} helfen", "kenne mich mit {} aus"),
    "sw": ("{}", "naweza kusaidia na {}", "nafanya kazi ya {}", "najua {} vizuri"),
}
LEARN_FRAMES = {
    "en": ("{}", "{}", "want to learn {}", "{} from scratch", "getting into {}", "trying to pick up {}",
           "learning {} this year", "need {} for a project"),
    "es": ("{}", "quiero aprender {}", "me gustaría aprender {}", "empezando con {}"),
    "fr": ("{}", "je veux apprendre {}", "débutant en {}", "j'aimerais m'initier à {}"),
    "pt": ("{}", "quero aprender {}", "começando com {}", "tenho interesse em {}"),
    "de": ("{}", "möchte {} lernen", "fange gerade mit {} an", "würde gern {} lernen"),
    "sw": ("{}", "nataka kujifunza {}", "naanza kujifunza {}"),
}
NOTHING_TO_LEARN = {
    "en": ("", "", "tbd", "whatever's interesting", "-", "nothing atm", "idk"),
    "es": ("", "no sé todavía", "lo que surja"),
    "fr": ("", "à voir", "rien pour l'instant"),
    "pt": ("", "ainda não sei", "o que aparecer"),
    "de": ("", "mal sehen", "noch nichts"),
    "sw": ("", "bado sijaamua",),
}
AND = {"en": (", ", " and ", " & ", " / ", " + ", "; "), "es": (", ", " y "), "fr": (", ", " et "),
       "pt": (", ", " e "), "de": (", ", " und "), "sw": (", ", " na ")}

# The truth city, then how people write it in their profile.
CITIES = {
    "Dar es Salaam": ("Dar es Salaam", "Dar", "dsm, tanzania", "Kinondoni, Dar", "Bongo"),
    "Accra": ("Accra", "Accra, Ghana", "East Legon", "acc"),
    "Bogota": ("Bogotá", "Bogota, Colombia", "bog", "Chapinero, Bogotá"),
    "Santiago": ("Santiago de Chile", "Stgo", "Santiago, CL", "Providencia, Santiago", "santiasco"),
    "Brussels": ("Bruxelles", "Brussels", "BXL", "Ixelles", "1050 Bruxelles"),
    "Dakar": ("Dakar", "Dakar, Sénégal", "Plateau, Dakar", "dkr"),
    "Sao Paulo": ("São Paulo", "SP", "Sampa", "sao paulo - sp", "Pinheiros, SP"),
    "Lisbon": ("Lisboa", "Lisbon", "lx", "Alfama, Lisboa"),
    "Vienna": ("Wien", "Vienna", "1070 Wien", "vie", "Wien, Österreich"),
    "Zurich": ("Zürich", "Zurich", "ZH", "8004 Zürich", "zueri"),
    "Seattle": ("Seattle", "Seattle, WA", "SEA", "Capitol Hill, Seattle", "the emerald city"),
    "Bangalore": ("Bangalore", "Bengaluru", "blr", "Koramangala, Bangalore", "bengaluru, KA"),
    "Singapore": ("Singapore", "SG", "sg", "Tampines, Singapore"),
    "Auckland": ("Auckland", "Tāmaki Makaurau", "akl", "Auckland, NZ"),
    "Edinburgh": ("Edinburgh", "Edinburgh, Scotland", "Leith", "EH6", "edinburgh uk"),
}
HOMES = {  # the cities each language's members mostly live in
    "en": ("Accra", "Seattle", "Bangalore", "Singapore", "Auckland", "Edinburgh", "Dar es Salaam"),
    "es": ("Bogota", "Santiago"),
    "fr": ("Brussels", "Dakar"),
    "pt": ("Sao Paulo", "Lisbon"),
    "de": ("Vienna", "Zurich"),
    "sw": ("Dar es Salaam",),
}
NOWHERE = (None, "", "localhost", "127.0.0.1", "the cloud", "remote", "UTC+1", "github", "~", "n/a", "somewhere",
           "on the internet")

FIRST_NAMES = {
    "en": ("kwame", "ama", "ethan", "ananya", "wei", "hana", "arjun", "zoe", "noah", "kiri", "isla", "efua",
           "vikram", "li", "tane", "megan", "ryan", "divya", "yaw", "lucy", "sipho", "hiro"),
    "es": ("santiago", "isabella", "catalina", "tomás", "martina", "sebastián", "daniela", "felipe", "antonia"),
    "fr": ("awa", "moussa", "louis", "élise", "fatou", "maxime", "aminata", "arthur"),
    "pt": ("gabriel", "larissa", "rodrigo", "mariana", "gonçalo", "carolina", "thiago", "leonor"),
    "de": ("sebastian", "katharina", "florian", "johanna", "matthias", "nora", "tobias"),
    "sw": ("juma", "neema", "hamisi", "rehema", "salim", "upendo", "daudi"),
}
HANDLES = ("dev", "codes", "hacks", "data", "shoots", "edits", "wiki", "bytes", "pixels", "cubes")


def members(count: int = 300, *, seed: int = 100417) -> list[Person]:
    return sealed_generator.members(sys.modules[__name__], count, seed=seed)


# language, title, first post, tags, the truth (skills), the city it meets in (None: online)
CIRCLES: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], str | None], ...] = (
    ("en", "Our app talks to three services and none of them agree",
     "We're a small team building a bus-arrival app and the integration layer is a mess of half-documented "
     "endpoints. Want to learn how to design clean request/response contracts and versioning. Online, "
     "Tuesdays 18:00 UTC, bring your own ugly examples.",
     ("learningcircles", "backend"), ("APIs",), None),
    ("en", "Gophers of Koramangala",
     "A few of us want to get comfortable with concurrency, small binaries and the standard library. We'll "
     "work through a little CLI project together. Saturdays 10am at the co-working space near Forum Mall.",
     ("learningcircles", "bangalore"), ("Go",), "Bangalore"),
    ("pt", "Chega de undefined is not a function",
     "Nosso projeto em JavaScript cresceu demais e os bugs de tipo estão nos matando. Queremos migrar aos poucos "
     "para tipagem estática e aprender junto. Encontros presenciais às quintas, 19h, em Pinheiros.",
     ("learningcircles", "circulosdeaprendizagem", "frontend"), ("TypeScript",), "Sao Paulo"),
    ("en", "Components, state and tears",
     "Building the front end for our community food-bank map. Hooks, effects and re-rendering still confuse half "
     "of us. Thursday evenings at the Seattle Public Library, Capitol Hill branch, laptops required.",
     ("learningcircles", "seattle", "frontend"), ("React",), "Seattle"),
    ("es", "Del navegador al servidor",
     "Sabemos algo de JavaScript en el navegador y queremos escribir un backend pequeño con Express para "
     "nuestro proyecto de datos abiertos. Martes y jueves a las 19h, en línea.",
     ("learningcircles", "circulosdeaprendizaje"), ("Node.js", "APIs"), None),
    ("en", "Deploys that don't ruin Fridays",
     "Our volunteer-run site still gets deployed by one person copying files over FTP. Let's learn containers, "
     "pipelines and how to roll back. Online, fortnightly Wednesdays, 7pm NZ time.",
     ("learningcircles", "infrastructure"), ("DevOps",), None),
    ("en", "Modules, not copy-paste",
     "Our wiki's infoboxes are a tangle of parser functions. I'd like a small group to learn the scripting "
     "language behind modules and rewrite a couple together. Meeting online Sundays 15:00 UTC.",
     ("learningcircles", "wikitech"), ("Lua",), None),
    ("de", "Ein eigenes Wiki für den Verein",
     "Wir möchten für unseren Geschichtsverein ein Wiki selbst betreiben: Installation, Erweiterungen, Updates, "
     "Benutzerrechte. Treffen jeden ersten Donnerstag um 18 Uhr im Metalab, Wien.",
     ("learningcircles", "wien"), ("MediaWiki",), "Vienna"),
    ("en", "Write once, read in every language",
     "The project that wants to generate articles from abstract content needs small, well-tested building "
     "blocks. Let's write some together and learn how implementations and tests fit. Online, Mondays 17:00 UTC.",
     ("learningcircles", "abstractwikipedia"), ("Wikifunctions",), None),
    ("sw", "Habari za mtaa wetu kwa dunia",
     "Tunataka kujifunza kuandika habari za matukio ya Dar kwa mtindo huru, zenye vyanzo, kwenye wiki ya "
     "habari. Tunakutana kila Jumamosi saa nne asubuhi, Kinondoni.",
     ("learningcircles", "habari"), ("Wikinews",), "Dar es Salaam"),
    ("en", "What's in the picture?",
     "Thousands of our uploaded photos have no machine-readable description of what they show. Let's learn to "
     "add those statements in bulk and properly. Online, every other Thursday.",
     ("learningcircles", "commons"), ("Structured data on Commons", "Wikidata"), None),
    ("fr", "Laisser la machine faire les corrections",
     "On passe des heures à corriger les mêmes fautes de catégories à la main. On voudrait apprendre à écrire "
     "de petits scripts qui le font pour nous, proprement. Rendez-vous le mercredi à 18h30, à Ixelles.",
     ("learningcircles", "bruxelles"), ("Bots and automation", "Python"), "Brussels"),
    ("en", "Free the papers",
     "Most of our lab's papers sit behind paywalls that our partners in Accra can't get through. Let's learn "
     "about repositories, licences and author rights. Fridays 12:30 at the university library, East Legon.",
     ("learningcircles", "accra", "research"), ("Open access",), "Accra"),
    ("en", "Your first pull request",
     "Always wanted to contribute to a project you use but the issue tracker scares you? We'll pick beginner "
     "issues and work through forking, reviewing and licences together. Online, Saturday mornings.",
     ("learningcircles", "hacktoberfest"), ("Open source software",), None),
    ("es", "La historia está en la tabla",
     "Periodistas de medios locales que quieren encontrar notas en presupuestos públicos y bases de contratos. "
     "Sábados a las 10 en Chapinero, Bogotá. Traigan un conjunto de datos que les dé curiosidad.",
     ("learningcircles", "bogota", "periodismo"), ("Data journalism",), "Bogota"),
    ("en", "One page that explains everything",
     "We have great reports nobody reads. Let's learn to turn them into a single visual page people actually "
     "share. Wednesdays 6pm, Leith library, Edinburgh.",
     ("learningcircles", "edinburgh", "design"), ("Infographics",), "Edinburgh"),
    ("pt", "Fotos melhores em cinco minutos",
     "Nossas fotos do acervo estão tortas, escuras e cheias de poeira. Vamos aprender a corrigi-las com "
     "ferramentas gratuitas. Encontros aos sábados às 15h, na biblioteca de Alfama.",
     ("learningcircles", "lisboa"), ("Image editing", "Photography"), "Lisbon"),
    ("en", "Thesis panic club",
     "Four hundred PDFs and a Word document held together by hope. Let's set up a proper library and citation "
     "workflow before our deadlines. Online, Tuesday evenings, any field welcome.",
     ("learningcircles", "phd"), ("Reference management",), None),
    ("fr", "Vrai ou faux : apprendre à chercher",
     "Avec les élèves du lycée, on veut apprendre à trouver et juger une source en ligne. Ouvert aux profs, "
     "bibliothécaires et parents. Le samedi matin à 10h, Plateau, Dakar.",
     ("learningcircles", "dakar", "education"), ("Information literacy",), "Dakar"),
    ("en", "Talk to five people before you build",
     "Our civic tech group keeps shipping features nobody wanted. Let's learn to interview and test with real "
     "residents. Meetups at the Tampines library, first Saturday of the month, 2pm.",
     ("learningcircles", "singapore", "civictech"), ("User research",), "Singapore"),
    ("de", "Vom Würfel zum Modell",
     "Wir wollen lernen, Ersatzteile und kleine Skulpturen am Computer zu entwerfen, damit wir sie im "
     "Makerspace drucken können. Dienstags 19 Uhr, Kreis 4, Zürich.",
     ("learningcircles", "zuerich", "maker"), ("3D modelling",), "Zurich"),
    ("en", "What's actually going on inside these chatbots",
     "Less hype, more understanding: how the models are trained, where they fail, and how to use them "
     "responsibly in our community projects. Online, Thursdays 19:00 UTC.",
     ("learningcircles", "ml"), ("Artificial intelligence",), None),
    ("sw", "Tuandike programu zetu za kwanza",
     "Kikundi cha wanafunzi wa chuo kinataka kujifunza kuandika programu ndogo za kuchakata data. "
     "Tunakutana Jumanne na Alhamisi saa kumi jioni mtandaoni.",
     ("learningcircles", "programu"), ("Python",), None),
    ("en", "Mic check in Auckland",
     "Starting a show about local makers and need to learn recording, editing and publishing an episode. "
     "Wednesday evenings at the Central City Library, Auckland. Headphones useful.",
     ("learningcircles", "auckland", "audio"), ("Podcasting",), "Auckland"),
    ("es", "Que los números se entiendan",
     "Trabajamos en una fundación y nuestros reportes están llenos de tablas. Queremos aprender a mostrar los "
     "datos de forma clara. Miércoles 18:30 en Providencia, Santiago.",
     ("learningcircles", "santiago"), ("Data visualisation",), "Santiago"),
    ("en", "Queries for the rest of us",
     "Our library catalogue sits in a database and only one volunteer can ask it questions. Let's learn to "
     "select, join and group ourselves. Online, Monday nights, 8pm Seattle time.",
     ("learningcircles", "databases"), ("SQL",), None),
    ("en", "Licensed by spring",
     "A few of us want to pass the entry-level licence exam and set up a small station for emergency comms "
     "during storms. Saturdays 9am at the community hall in Leith.",
     ("learningcircles", "edinburgh", "radio"), ("Ham radio",), "Edinburgh"),
    ("pt", "Resolver em menos de um minuto",
     "Grupo para quem sabe resolver o cubo mas quer ficar rápido: algoritmos, dedos, cronômetro. Domingo à "
     "tarde no Parque Ibirapuera, perto do lago.",
     ("learningcircles", "saopaulo"), ("Speedcubing",), "Sao Paulo"),
    ("en", "Prototype night",
     "Got an idea for a game on cardboard? Bring it. We'll playtest each other's prototypes and learn about "
     "balancing, rules writing and components. Fridays 7pm, board game café in Koramangala.",
     ("learningcircles", "bangalore", "games"), ("Board game design",), "Bangalore"),
    ("en", "Radios for when the network goes down",
     "After the last cyclone cut mobile coverage for two days, we want a few people around Dar who can "
     "run a radio net. Monthly on Sundays, plus an online check-in on the air.",
     ("learningcircles", "resilience"), ("Ham radio",), "Dar es Salaam"),
)


def circles(people: list[Person], count: int = 30, *, seed: int = 100418) -> list[Proposal]:
    return sealed_generator.circles(sys.modules[__name__], people, count, seed=seed)
