"""A sixth sealed held-out community, written from the skill names alone by an independent author.

Nothing here was shaped by the taxonomy's data, the normalizer, the semantic reader, the matching
engine or the texts of the other communities: only the list of skill names, and which of them the other
communities already use, were known. It leans toward everyday community life: organising, care, crafts,
teaching and local groups. Twenty-eight taxonomy skills (twenty that no other community uses) and three
skills outside the taxonomy (`FREE_SKILLS`, named by this author), typed the way members type: plain
names, synonyms, jargon, short sentences, typos and odd capitals, in English, Spanish, French,
Portuguese, German and Swahili, sometimes switching to English mid-field. Members live in fourteen
cities on six continents, written as people write them (nicknames, districts, postcodes, codes), or say
nothing useful about where they are; the circles are forum prose with their logistics, whose titles
seldom name the skill.

Never tune on it: read its figures, never its texts, and never change the texts after seeing a figure.
"""
from __future__ import annotations

import sys

from tests.sync.matching import sealed_generator
from tests.sync.matching.heldout import Person, Proposal

FREE_SKILLS = ("Quilting", "Composting", "First aid")
FIRST_ID = 90001

PLANTED_SHARERS = 4  # eligible sharers each circle skill has at least, anywhere
PLANTED_NEIGHBOURS = 3  # eligible sharers an in-person circle has at least in its own city
INELIGIBLE_SHARE = 0.06
NOWHERE_SHARE = 0.09
ELSEWHERE_SHARE = 0.12  # members who live outside the cities their language suggests

LANGUAGES = ("en", "es", "fr", "pt", "de", "sw")
LANGUAGE_WEIGHTS = (60, 11, 9, 8, 7, 5)
CODE_SWITCH = 0.12  # a non-English member names a skill the English way
TYPO = 0.07

# How members name each skill, by language; English is always there and is the fallback.
SAYINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "Community organising": {
        "en": ("community organizing", "organising my neighbours", "tenant organizing", "grassroots organising",
               "getting people on the block together", "door knocking and building a tenants union"),
        "es": ("organización comunitaria", "organizar a los vecinos", "organización barrial"),
        "fr": ("organisation communautaire", "mobiliser les habitants du quartier"),
        "pt": ("organização comunitária", "mobilização de bairro"),
        "de": ("Gemeinwesenarbeit", "Nachbarschaft organisieren"),
        "sw": ("kuandaa jamii", "uhamasishaji wa jamii"),
    },
    "Campaign organising": {
        "en": ("running campaigns", "campaigning", "petition drives", "issue campaigns for the council",
               "planning a local campaign from start to win"),
        "es": ("organizar campañas", "campañas ciudadanas"),
        "fr": ("mener une campagne", "campagnes citoyennes"),
        "pt": ("organizar campanhas", "campanhas de mobilização"),
        "de": ("Kampagnenarbeit", "Kampagnen planen"),
        "sw": ("kuendesha kampeni",),
    },
    "Peer learning": {
        "en": ("peer learning", "learning from each other", "peer-to-peer learning", "study groups where nobody is the teacher",
               "p2p learning"),
        "es": ("aprendizaje entre pares", "aprender entre iguales"),
        "fr": ("apprentissage entre pairs", "apprendre les uns des autres"),
        "pt": ("aprendizagem entre pares", "aprender com os colegas"),
        "de": ("Peer-Learning", "voneinander lernen"),
        "sw": ("kujifunza kutoka kwa wenzetu",),
    },
    "Adult education": {
        "en": ("adult education", "adult ed", "teaching grown-ups", "adult literacy classes", "night classes for adults",
               "continuing ed"),
        "es": ("educación de adultos", "alfabetización de adultos"),
        "fr": ("formation des adultes", "éducation populaire", "alphabétisation des adultes"),
        "pt": ("educação de jovens e adultos", "EJA", "alfabetização de adultos"),
        "de": ("Erwachsenenbildung", "VHS-Kurse geben"),
        "sw": ("elimu ya watu wazima", "kisomo cha watu wazima"),
    },
    "Youth education": {
        "en": ("youth work", "working with teenagers", "after-school clubs", "youth programmes", "teaching kids",
               "running a homework club for young people"),
        "es": ("trabajo con jóvenes", "educación juvenil", "talleres para adolescentes"),
        "fr": ("animation jeunesse", "travail avec les ados", "éducation des jeunes"),
        "pt": ("trabalho com jovens", "educação de jovens", "oficinas para adolescentes"),
        "de": ("Jugendarbeit", "Jugendbildung"),
        "sw": ("elimu ya vijana", "kufundisha vijana"),
    },
    "Library programs": {
        "en": ("library programming", "running events at the public library", "library story time",
               "programs at my local library", "library outreach programmes"),
        "es": ("actividades en la biblioteca", "programas de biblioteca"),
        "fr": ("animations en médiathèque", "programmation en bibliothèque"),
        "pt": ("atividades na biblioteca", "programação de biblioteca"),
        "de": ("Veranstaltungen in der Stadtbücherei", "Bibliotheksprogramme"),
        "sw": ("programu za maktaba",),
    },
    "Safe spaces": {
        "en": ("safe spaces", "safer space policies", "making rooms where everyone feels safe",
               "codes of conduct and keeping groups safe", "trauma-informed spaces"),
        "es": ("espacios seguros", "espacios libres de acoso"),
        "fr": ("espaces sûrs", "espaces safe", "espaces bienveillants"),
        "pt": ("espaços seguros", "espaço seguro"),
        "de": ("Schutzräume", "sichere Räume schaffen", "Awareness-Arbeit"),
        "sw": ("maeneo salama",),
    },
    "Event logistics": {
        "en": ("event logistics", "logistics", "booking venues and catering", "chairs, tea urns and sign-in sheets",
               "sorting out rooms, food and transport for events", "venue booking"),
        "es": ("logística de eventos", "logística"),
        "fr": ("logistique d'événements", "la logistique des rencontres"),
        "pt": ("logística de eventos", "produção de eventos"),
        "de": ("Veranstaltungslogistik", "Logistik für Events"),
        "sw": ("mipango ya matukio", "usimamizi wa ukumbi na chakula"),
    },
    "Visual facilitation": {
        "en": ("graphic recording", "visual facilitation", "sketchnoting", "drawing on flipcharts while people talk",
               "live scribing"),
        "es": ("facilitación gráfica", "relatoría gráfica"),
        "fr": ("facilitation graphique", "facilitation visuelle", "scribing"),
        "pt": ("facilitação gráfica", "facilitação visual"),
        "de": ("Graphic Recording", "visuelle Moderation", "Sketchnotes"),
        "sw": ("uwezeshaji kwa michoro",),
    },
    "Training of trainers": {
        "en": ("training of trainers", "ToT", "train the trainer", "teaching people how to run trainings",
               "coaching new trainers"),
        "es": ("formación de formadores", "formar formadores"),
        "fr": ("formation de formateurs", "former des formateurs"),
        "pt": ("formação de formadores", "formação de multiplicadores"),
        "de": ("Train-the-Trainer", "Multiplikatorenschulung"),
        "sw": ("mafunzo kwa wakufunzi",),
    },
    "Diversity and inclusion": {
        "en": ("diversity and inclusion", "DEI", "D&I", "inclusion work", "making groups welcoming to everyone",
               "equity & inclusion"),
        "es": ("diversidad e inclusión", "inclusión"),
        "fr": ("diversité et inclusion", "inclusion"),
        "pt": ("diversidade e inclusão", "inclusão"),
        "de": ("Diversität und Inklusion", "Vielfalt", "Inklusion"),
        "sw": ("utofauti na ujumuishaji", "ujumuishaji"),
    },
    "Scholarships and travel support": {
        "en": ("scholarships", "travel grants", "helping people apply for travel scholarships",
               "bursaries for conference travel", "visa letters and travel support"),
        "es": ("becas de viaje", "becas"),
        "fr": ("bourses de voyage", "bourses"),
        "pt": ("bolsas de viagem", "bolsas"),
        "de": ("Reisestipendien", "Stipendien"),
        "sw": ("ufadhili wa safari", "udhamini wa masomo"),
    },
    "Nonprofit management": {
        "en": ("nonprofit management", "running a charity", "NGO management", "managing a small non-profit",
               "charity trustee stuff", "running an NGO on no money"),
        "es": ("gestión de ONG", "dirigir una asociación civil", "gestión de organizaciones sin fines de lucro"),
        "fr": ("gestion associative", "diriger une association", "gestion d'ONG"),
        "pt": ("gestão de ONGs", "gestão do terceiro setor"),
        "de": ("Vereinsführung", "Vereinsarbeit", "NGO-Management"),
        "sw": ("usimamizi wa shirika lisilo la kiserikali", "kuendesha NGO"),
    },
    "Outreach": {
        "en": ("outreach", "community outreach", "reaching people who never come to our events", "flyering",
               "going out to find new members"),
        "es": ("difusión", "trabajo de alcance comunitario"),
        "fr": ("aller vers les publics", "sensibilisation"),
        "pt": ("divulgação", "trabalho de base"),
        "de": ("Öffentlichkeitsarbeit vor Ort", "aufsuchende Arbeit"),
        "sw": ("kuwafikia watu", "uhamasishaji"),
    },
    "Partnerships": {
        "en": ("partnerships", "partnership building", "working with other orgs", "building coalitions",
               "finding partner organisations"),
        "es": ("alianzas", "alianzas estratégicas", "trabajo en red con otras organizaciones"),
        "fr": ("partenariats", "nouer des partenariats"),
        "pt": ("parcerias", "articulação com parceiros"),
        "de": ("Kooperationen", "Partnerschaften aufbauen"),
        "sw": ("ushirikiano", "ubia na mashirika"),
    },
    "Awards and recognition": {
        "en": ("volunteer recognition", "awards", "thanking volunteers properly", "recognition programmes",
               "running an awards night"),
        "es": ("reconocimiento a voluntarios", "premios"),
        "fr": ("reconnaissance des bénévoles", "remise de prix"),
        "pt": ("reconhecimento de voluntários", "premiações"),
        "de": ("Ehrenamtswürdigung", "Preisverleihungen"),
        "sw": ("tuzo na kutambua wanaojitolea",),
    },
    "Customer service": {
        "en": ("customer service", "customer support", "front desk", "dealing with complaints politely",
               "help desk", "call centre"),
        "es": ("atención al cliente", "servicio al cliente"),
        "fr": ("service client", "accueil du public", "relation client"),
        "pt": ("atendimento ao cliente", "atendimento ao público"),
        "de": ("Kundenservice", "Kundenbetreuung"),
        "sw": ("huduma kwa wateja",),
    },
    "Community building": {
        "en": ("community building", "building community", "bringing people together", "creating a sense of belonging",
               "growing a local group"),
        "es": ("construir comunidad", "tejer comunidad"),
        "fr": ("créer du lien", "construire une communauté"),
        "pt": ("construção de comunidade", "criar comunidade"),
        "de": ("Gemeinschaft aufbauen", "Community Building"),
        "sw": ("kujenga jamii",),
    },
    "Online events": {
        "en": ("online events", "virtual events", "running zoom calls", "webinars", "hosting hybrid meetups",
               "online meetups on Jitsi"),
        "es": ("eventos virtuales", "eventos en línea", "webinarios"),
        "fr": ("événements en ligne", "webinaires", "visios"),
        "pt": ("eventos online", "lives e webinários"),
        "de": ("Online-Veranstaltungen", "Webinare", "Videokonferenzen moderieren"),
        "sw": ("matukio ya mtandaoni", "mikutano ya mtandaoni"),
    },
    "Sustainability planning": {
        "en": ("sustainability planning", "keeping a group going long term", "making projects last after the grant ends",
               "long-term sustainability of community groups"),
        "es": ("sostenibilidad de proyectos", "planificación de la sostenibilidad"),
        "fr": ("pérennisation des projets", "plan de durabilité"),
        "pt": ("sustentabilidade de projetos", "planejamento de sustentabilidade"),
        "de": ("Nachhaltigkeitsplanung", "Projekte verstetigen"),
        "sw": ("mipango ya uendelevu",),
    },
    "Cooking": {
        "en": ("cooking", "cookin", "home cooking", "batch cooking for big groups", "making food for the soup kitchen",
               "I cook"),
        "es": ("cocina", "cocinar"),
        "fr": ("cuisine", "faire à manger"),
        "pt": ("culinária", "cozinhar"),
        "de": ("Kochen", "kochen für viele"),
        "sw": ("upishi", "kupika"),
    },
    "Gardening": {
        "en": ("gardening", "community garden", "allotment", "growing veg", "raised beds", "looking after plants"),
        "es": ("huerto urbano", "jardinería", "huerta"),
        "fr": ("jardinage", "potager", "jardins partagés"),
        "pt": ("horta comunitária", "jardinagem"),
        "de": ("Gärtnern", "Gemeinschaftsgarten", "Schrebergarten"),
        "sw": ("bustani", "kilimo cha bustani"),
    },
    "Sewing": {
        "en": ("sewing", "mending clothes", "sewing machine basics", "alterations", "dressmaking"),
        "es": ("costura", "coser a máquina"),
        "fr": ("couture", "retouches"),
        "pt": ("costura", "corte e costura"),
        "de": ("Nähen", "Kleidung flicken"),
        "sw": ("ushonaji", "kushona nguo"),
    },
    "Knitting and crochet": {
        "en": ("knitting", "crochet", "crocheting", "knit & natter", "amigurumi", "yarn crafts"),
        "es": ("tejer", "ganchillo", "crochet", "tejido a dos agujas"),
        "fr": ("tricot", "crochet"),
        "pt": ("tricô", "crochê"),
        "de": ("Stricken", "Häkeln"),
        "sw": ("kufuma", "kushona kwa sindano ya crochet"),
    },
    "Bicycle repair": {
        "en": ("bike repair", "fixing bikes", "bicycle maintenance", "truing wheels and fixing flats", "bike mechanic"),
        "es": ("reparación de bicicletas", "mecánica de bici"),
        "fr": ("réparation de vélos", "mécanique vélo", "atelier vélo"),
        "pt": ("conserto de bicicletas", "mecânica de bike"),
        "de": ("Fahrradreparatur", "Fahrräder reparieren"),
        "sw": ("kutengeneza baiskeli",),
    },
    "Conflict resolution": {
        "en": ("conflict resolution", "mediation", "sorting out arguments in groups", "restorative circles",
               "de-escalation"),
        "es": ("resolución de conflictos", "mediación"),
        "fr": ("résolution de conflits", "médiation"),
        "pt": ("resolução de conflitos", "mediação de conflitos"),
        "de": ("Konfliktlösung", "Mediation", "Streitschlichtung"),
        "sw": ("utatuzi wa migogoro", "upatanishi"),
    },
    "Public speaking": {
        "en": ("public speaking", "speaking in front of people", "toastmasters", "giving speeches", "talking on stage"),
        "es": ("hablar en público", "oratoria"),
        "fr": ("prise de parole en public", "parler en public"),
        "pt": ("falar em público", "oratória"),
        "de": ("Reden halten", "vor Publikum sprechen", "Rhetorik"),
        "sw": ("kuzungumza hadharani", "uzungumzaji mbele ya watu"),
    },
    "Budgeting": {
        "en": ("budgeting", "making a budget", "household budgets", "keeping a group's books balanced", "budgets"),
        "es": ("presupuestos", "hacer un presupuesto"),
        "fr": ("budget", "gérer un budget"),
        "pt": ("orçamento", "fazer orçamento"),
        "de": ("Budgetplanung", "Haushaltsplan"),
        "sw": ("kupanga bajeti", "bajeti"),
    },
    "Quilting": {
        "en": ("quilting", "patchwork", "quilts", "piecing quilt tops", "hand quilting"),
        "es": ("patchwork", "acolchado"),
        "fr": ("patchwork", "quilting"),
        "pt": ("patchwork", "colchas de retalhos"),
        "de": ("Patchwork", "Quilten"),
        "sw": ("kushona shuka za viraka",),
    },
    "Composting": {
        "en": ("composting", "compost", "worm farms", "vermicomposting", "turning food scraps into soil", "bokashi"),
        "es": ("compostaje", "compost", "lombricompost"),
        "fr": ("compostage", "lombricompostage"),
        "pt": ("compostagem", "minhocário"),
        "de": ("Kompostieren", "Wurmkiste"),
        "sw": ("mbolea ya mboji", "kutengeneza mboji"),
    },
    "First aid": {
        "en": ("first aid", "CPR", "first-aider at work", "basic life support", "wilderness first aid", "bandaging"),
        "es": ("primeros auxilios", "RCP"),
        "fr": ("premiers secours", "PSC1", "secourisme"),
        "pt": ("primeiros socorros", "RCP"),
        "de": ("Erste Hilfe", "Ersthelfer"),
        "sw": ("huduma ya kwanza", "huduma ya kwanza kwa majeruhi"),
    },
}
SKILLS = tuple(SAYINGS)

# How often a member has each skill, relative to the others: crafts and care are common here.
POPULARITY = {
    "Cooking": 5, "Gardening": 5, "Sewing": 4, "Knitting and crochet": 4, "Public speaking": 4, "Budgeting": 3,
    "Community organising": 3, "Youth education": 3, "Customer service": 3, "Online events": 3, "Composting": 3,
    "First aid": 3, "Quilting": 2, "Bicycle repair": 3, "Conflict resolution": 3, "Community building": 3,
}

SHARE_FRAMES = {
    "en": ("{}", "{}", "I can help people with {}", "happy to teach {}", "{} - been doing it for years",
           "I know a fair bit about {}", "ask me about {}!", "{} (retired, lots of time)", "decent at {}"),
    "es": ("{}", "puedo enseñar {}", "sé de {}", "me defiendo con {}", "llevo años con {}"),
    "fr": ("{}", "je peux aider en {}", "je m'y connais en {}", "je fais du {} depuis longtemps", "{} surtout"),
    "pt": ("{}", "posso ajudar com {}", "manjo de {}", "sei bastante de {}", "ensino {}"),
    "de": ("{}", "ich kann {} beibringen", "kenne mich mit {} aus", "mache seit Jahren {}"),
    "sw": ("{}", "naweza kufundisha {}", "najua {}", "nina uzoefu wa {}"),
}
LEARN_FRAMES = {
    "en": ("{}", "{}", "want to learn {}", "would love to get into {}", "curious about {}", "{} pls",
           "total beginner at {}", "need to get better at {} for my group"),
    "es": ("{}", "quiero aprender {}", "me interesa {}", "quisiera mejorar en {}"),
    "fr": ("{}", "j'aimerais apprendre {}", "débutant en {}", "envie de me mettre au {}"),
    "pt": ("{}", "quero aprender {}", "tenho interesse em {}", "queria melhorar em {}"),
    "de": ("{}", "möchte {} lernen", "interessiere mich für {}", "Anfänger bei {}"),
    "sw": ("{}", "nataka kujifunza {}", "ningependa kujua {}"),
}
NOTHING_TO_LEARN = {
    "en": ("", "", "not sure yet", "anything really", "-", "open to ideas"),
    "es": ("", "todavía no sé", "lo que sea"),
    "fr": ("", "je ne sais pas encore", "un peu de tout"),
    "pt": ("", "ainda não sei", "qualquer coisa"),
    "de": ("", "weiß noch nicht", "alles Mögliche"),
    "sw": ("", "bado sijui", "chochote"),
}
AND = {"en": (", ", " and ", " & ", " / ", "; "), "es": (", ", " y "), "fr": (", ", " et "), "pt": (", ", " e "),
       "de": (", ", " und "), "sw": (", ", " na ")}

# The truth city, then how people write it in their profile.
CITIES = {
    "Nairobi": ("Nairobi", "nairobi, kenya", "Westlands, Nairobi", "NBO", "Nairobi KE", "nai"),
    "Lagos": ("Lagos", "Lagos, Nigeria", "Yaba, Lagos", "lasgidi", "Ikeja"),
    "Mexico City": ("CDMX", "Ciudad de México", "Mexico City", "DF, México", "Coyoacán, CDMX"),
    "Buenos Aires": ("Buenos Aires", "Bs As", "CABA", "Palermo, Buenos Aires", "baires"),
    "Lyon": ("Lyon", "Lyon 69007", "lyon, france", "Villeurbanne (Lyon)"),
    "Montreal": ("Montréal", "Montreal, QC", "mtl", "Plateau, Montréal"),
    "Porto": ("Porto", "Porto, Portugal", "Oporto", "Vila Nova de Gaia / Porto"),
    "Recife": ("Recife", "Recife - PE", "recife, brasil", "Boa Viagem, Recife"),
    "Leipzig": ("Leipzig", "04109 Leipzig", "leipzig, sachsen", "Connewitz"),
    "Manchester": ("Manchester", "Manchester, UK", "mcr", "Levenshulme, Manchester", "M14"),
    "Manila": ("Manila", "Metro Manila", "Quezon City, Metro Manila", "mnl, PH"),
    "Melbourne": ("Melbourne", "melb", "Brunswick, VIC", "Melbourne, Australia", "naarm / melbourne"),
    "Pune": ("Pune", "Pune, India", "poona", "Kothrud, Pune"),
    "Toronto": ("Toronto", "TO", "the 6ix", "Toronto, ON", "Scarborough, Toronto"),
}
HOMES = {  # the cities each language's members mostly live in
    "en": ("Nairobi", "Lagos", "Manchester", "Manila", "Melbourne", "Pune", "Toronto", "Montreal"),
    "es": ("Mexico City", "Buenos Aires"),
    "fr": ("Lyon", "Montreal"),
    "pt": ("Porto", "Recife"),
    "de": ("Leipzig",),
    "sw": ("Nairobi",),
}
NOWHERE = (None, "", "online", "everywhere and nowhere", "n/a", "🌍", "between places", "home", "planet earth",
           "here", "?")

FIRST_NAMES = {
    "en": ("amara", "chidi", "grace", "tom", "priya", "jun", "kofi", "sarah", "liam", "fatima", "aisha", "rohan",
           "mei", "olu", "kate", "dan", "joy", "raj", "nina", "paul", "maria", "jo", "sam", "ade"),
    "es": ("lucía", "diego", "valentina", "mateo", "sofía", "javier", "camila", "andrés", "paula", "nico"),
    "fr": ("camille", "léa", "hugo", "théo", "manon", "julien", "chloé", "yanis"),
    "pt": ("joão", "ana", "beatriz", "tiago", "rafaela", "pedro", "inês", "bruno"),
    "de": ("lena", "jonas", "mia", "felix", "anja", "lukas", "greta"),
    "sw": ("wanjiru", "otieno", "achieng", "kamau", "njeri", "baraka", "zawadi"),
}
HANDLES = ("knits", "grows", "cooks", "fixes", "sews", "organises", "teaches", "bakes", "rides", "mends")


def members(count: int = 300, *, seed: int = 90417) -> list[Person]:
    return sealed_generator.members(sys.modules[__name__], count, seed=seed)


# language, title, first post, tags, the truth (skills), the city it meets in (None: online)
CIRCLES: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], str | None], ...] = (
    ("en", "Tenants on Rusholme Road, let's talk",
     "Our landlord has ignored the damp in three flats for a year. A few of us want to learn how to get the whole "
     "building behind one set of demands and keep people involved after the first meeting. Thursdays 7pm at the "
     "Levenshulme library, kids welcome, tea provided.",
     ("learningcircles", "housing", "manchester"), ("Community organising",), "Manchester"),
    ("en", "Saving the bus route",
     "The council wants to cut the 42. We have a petition with 300 names but no plan. Looking for people who have "
     "actually won something like this before to walk us through timelines, asks and targets. Meeting online "
     "Sunday evenings for six weeks.",
     ("learningcircles", "transport"), ("Campaign organising",), None),
    ("es", "Nadie es el profe aquí",
     "Queremos armar un grupo donde cada semana alguien distinto trae un tema y lo aprendemos juntos, sin "
     "expertos. Nos juntamos los sábados a las 11 en el centro cultural de Palermo. Si ya coordinaste algo así, "
     "nos vendría genial tu experiencia.",
     ("learningcircles", "circulosdeaprendizaje"), ("Peer learning",), "Buenos Aires"),
    ("en", "Reading club for grown-ups who missed out",
     "Some of the parents at our school never got to finish school themselves and are shy about it. We'd like to "
     "start a gentle weekly class for them, Tuesday mornings after drop-off at the Kothrud community hall. Need "
     "people who have taught adults before.",
     ("learningcircles", "literacy", "pune"), ("Adult education",), "Pune"),
    ("fr", "Les mercredis des ados",
     "Le centre social cherche des bénévoles pour animer des ateliers le mercredi après-midi avec des jeunes de "
     "12 à 16 ans : jeux, devoirs, petits projets. On se retrouve à Villeurbanne, goûter offert. Même sans "
     "expérience, venez voir !",
     ("learningcircles", "jeunesse"), ("Youth education",), "Lyon"),
    ("en", "What else could the branch library host?",
     "Our branch is quiet most evenings and the librarian is keen to try new things: craft nights, a seed swap, "
     "homework help. If you've run programmes in a library I'd love to pick your brain. First chat at the "
     "Scarborough branch, Saturday 2pm.",
     ("learningcircles", "toronto"), ("Library programs",), "Toronto"),
    ("en", "Nobody should feel unsafe at our meetups",
     "After an incident last month we realised we have no code of conduct and nobody knew what to do. Let's "
     "learn together how to set up agreements, who people can go to, and how to handle reports. Online, every "
     "second Wednesday.",
     ("learningcircles", "codeofconduct"), ("Safe spaces", "Conflict resolution"), None),
    ("en", "Chairs, urns and a microphone",
     "We're putting on a street festival in Yaba in March and honestly the hard part is the boring part: "
     "permits, tables, power, food, who brings what. Weekly planning over lunch on Fridays at the hub.",
     ("learningcircles", "lagos", "festival"), ("Event logistics",), "Lagos"),
    ("de", "Mitzeichnen statt mitschreiben",
     "Wir wollen lernen, Diskussionen live auf großen Papierbögen festzuhalten, mit einfachen Figuren, Pfeilen "
     "und Farben. Treffen jeden zweiten Montag im Nachbarschaftsladen in Connewitz, Stifte bringen wir mit.",
     ("learningcircles", "leipzig"), ("Visual facilitation",), "Leipzig"),
    ("pt", "Quem ensina quem ensina?",
     "Temos dez voluntárias que vão dar oficinas nos bairros e precisamos prepará-las para conduzir turmas. "
     "Procuramos quem já formou multiplicadores. Encontros quinzenais às terças, à noite, na sede da associação "
     "em Boa Viagem.",
     ("learningcircles", "circulosdeaprendizagem"), ("Training of trainers",), "Recife"),
    ("en", "Why does everyone at our meetings look the same?",
     "Our neighbourhood is incredibly mixed but our committee isn't. I want a small group to read, talk and "
     "try concrete changes in how we invite and run things. Monthly, Sunday afternoon, online so carers can join.",
     ("learningcircles", "inclusion"), ("Diversity and inclusion",), None),
    ("en", "Getting to the regional conference without a credit card",
     "Every year people from our chapter miss out because they can't front the cost of flights or don't know "
     "how to apply for support. Let's help each other with applications, visa letters and reimbursement. "
     "Online, two evenings in January.",
     ("learningcircles", "travel"), ("Scholarships and travel support",), None),
    ("es", "Nuestra asociación creció y no sabemos llevarla",
     "Empezamos como un grupo de vecinas y ahora tenemos local, dos empleadas y papeles que no entendemos. "
     "Buscamos gente que haya dirigido una organización sin fines de lucro. Nos vemos jueves 19h en Coyoacán.",
     ("learningcircles", "cdmx"), ("Nonprofit management", "Budgeting"), "Mexico City"),
    ("en", "The people who never come",
     "Our events are always the same twenty faces. How do you reach the folks in the tower blocks, the night "
     "shift workers, the older neighbours? We'll meet at the café on Sydney Road, "
     "Saturdays 10am, and go knocking from there.",
     ("learningcircles", "melbourne"), ("Outreach",), "Melbourne"),
    ("sw", "Tushirikiane na mashirika mengine",
     "Kikundi chetu cha vijana Kibera kinataka kufanya kazi pamoja na shule, kanisa na kampuni ndogo za mtaa. "
     "Tunatafuta watu wenye uzoefu wa kujenga ushirikiano. Tunakutana Jumamosi saa nane mchana, Westlands.",
     ("learningcircles", "nairobi"), ("Partnerships",), "Nairobi"),
    ("en", "Thank-you night for our volunteers",
     "We have eighty volunteers and have never once properly thanked them. I'd like a few people to plan a small "
     "awards evening and a year-round way of noticing good work. Online planning calls, Monday 8pm.",
     ("learningcircles", "volunteers"), ("Awards and recognition",), None),
    ("en", "Front desk at the community centre",
     "The people on reception deal with everything from lost keys to people in crisis. We'd like to swap "
     "tips on staying friendly and firm with difficult visitors. Wednesdays 6pm, Quezon City hall, merienda "
     "provided.",
     ("learningcircles", "manila"), ("Customer service",), "Manila"),
    ("pt", "Do grupo de WhatsApp à comunidade de verdade",
     "Temos 400 pessoas num grupo de mensagens do bairro, mas ninguém se conhece. Como transformar isso em algo "
     "vivo? Encontros mensais no jardim da Cordoaria, domingo de manhã.",
     ("learningcircles", "porto"), ("Community building",), "Porto"),
    ("fr", "Nos réunions en visio sont mortelles",
     "Depuis qu'on fait tout à distance, la moitié des gens coupent la caméra et partent. On veut apprendre à "
     "animer des rencontres en ligne vivantes. Un jeudi sur deux à 18h30, en ligne bien sûr.",
     ("learningcircles", "cerclesdapprentissage"), ("Online events",), None),
    ("en", "After the grant runs out",
     "Our youth football project is funded until June and then nothing. Let's figure out together how small "
     "groups keep going: dues, local businesses, in-kind support. Online, every other Thursday.",
     ("learningcircles", "funding"), ("Sustainability planning",), None),
    ("en", "Big pots, small budget",
     "We cook a free Sunday lunch for about sixty people and want to get better at planning menus that stretch. "
     "Cooks of all levels welcome, bring an apron. Church hall kitchen on Ngong Road, Saturdays prep from 3pm.",
     ("learningcircles", "food", "nairobi"), ("Cooking",), "Nairobi"),
    ("es", "La huerta del barrio necesita manos",
     "Tenemos un terreno prestado detrás de la escuela y cero experiencia. Si sabés de sembrar, regar o "
     "armar canteros, sumate. Domingos a las 9, Parque Patricios. También queremos armar una compostera.",
     ("learningcircles", "huerta"), ("Gardening", "Composting"), "Buenos Aires"),
    ("en", "Repair what you wear",
     "Bring a torn shirt or trousers that don't fit and we'll work it out together. A couple of machines "
     "available, but hand stitching counts too. Second Saturday of the month at the Brunswick repair café.",
     ("learningcircles", "melbourne", "repair"), ("Sewing",), "Melbourne"),
    ("en", "Yarn & tea, Tuesdays",
     "A relaxed group for anyone who has a half-finished scarf in a drawer. Learn a stitch, fix a dropped loop, "
     "chat. Toronto Reference Library, 2nd floor, Tuesdays 5:30pm.",
     ("learningcircles", "crafts"), ("Knitting and crochet",), "Toronto"),
    ("de", "Platten? Bremsen? Kette ab?",
     "Wir wollen eine offene Selbsthilfewerkstatt im Hinterhof aufbauen und suchen Leute, die Räder wieder "
     "flott machen können und es anderen zeigen. Samstags ab 14 Uhr, Werkzeug ist da.",
     ("learningcircles", "leipzig", "fahrrad"), ("Bicycle repair",), "Leipzig"),
    ("en", "Scraps into something warm",
     "My gran left me boxes of fabric scraps. I'd like to start a small group making blankets for the shelter "
     "from old shirts and curtains. Thursdays 10am in the Levenshulme library community room.",
     ("learningcircles", "manchester", "crafts"), ("Quilting",), "Manchester"),
    ("fr", "Que faire de nos épluchures ?",
     "Notre immeuble jette des kilos de restes chaque semaine. On aimerait installer des bacs dans la cour et "
     "apprendre à bien les gérer, avec des vers peut-être. Réunion le samedi matin à 10h, Lyon 7e.",
     ("learningcircles", "zerodechet"), ("Composting",), "Lyon"),
    ("en", "If someone collapses at the market",
     "Last week a vendor fainted and nobody knew what to do. We want to learn the basics - recovery position, "
     "chest compressions, burns, cuts - and practise them. Saturday mornings, Kothrud, mats provided.",
     ("learningcircles", "pune", "safety"), ("First aid",), "Pune"),
    ("pt", "Falar sem tremer na assembleia",
     "Muita gente do coletivo tem ideias ótimas mas trava quando tem que falar no microfone. Vamos treinar "
     "juntas, sem julgamento. Encontros online às quartas, 20h.",
     ("learningcircles", "oratoria"), ("Public speaking",), None),
    ("sw", "Usalama kwenye mikusanyiko yetu",
     "Tunataka kujifunza jinsi ya kumsaidia mtu aliyeumia au kuzimia kabla ya gari la wagonjwa kufika. "
     "Tutakutana Jumapili jioni mtandaoni, kila wiki kwa mwezi mmoja.",
     ("learningcircles", "afya"), ("First aid",), None),
)


def circles(people: list[Person], count: int = 30, *, seed: int = 90418) -> list[Proposal]:
    return sealed_generator.circles(sys.modules[__name__], people, count, seed=seed)
