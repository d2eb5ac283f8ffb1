"""A second tuning community: multilingual members and circles in free forum prose. Tune on it freely.

`synthetic.py`, the first tuning set, is built from English-leaning word banks and frames; the forums
circleup serves write in many languages and in sentences. This set is what the reader may be tuned on
for that: members write their skills as people type them (plain names, synonyms, sentences about what
they do, typos, odd capitals, lead-ins such as "good at" or "quiero aprender") in English, Spanish,
French, Portuguese, German and Swahili, mostly in their city's language; circles are forum posts whose
titles seldom name the skill, more than half of them not in English, a few about two skills and some
about skills outside the taxonomy. Every member and circle carries its hidden truth (exact taxonomy
skill names, or a `FREE_SKILLS` label; the city), which only the judgements read.
"""
from __future__ import annotations

import random

from tests.sync.matching.heldout import Person, Proposal

FIRST_ID = 50001
FREE_SKILLS = ("Beekeeping", "Chess")

# skill → language → ways members write it
PHRASINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "Python": {
        "en": ("Python", "python scripting", "I write little Python tools to automate my job"),
        "es": ("programación en Python", "hago scripts en python"),
        "fr": ("Python", "je code en Python pour le boulot"),
        "pt": ("Python", "programo em python"),
        "de": ("Python", "Skripte in Python schreiben"),
        "sw": ("Python", "kuandika programu za Python"),
    },
    "Web development": {
        "en": ("web development", "building websites", "I make websites for local shops"),
        "es": ("desarrollo web", "hago páginas web"),
        "fr": ("développement web", "je crée des sites internet"),
        "pt": ("desenvolvimento web", "faço sites"),
        "de": ("Webentwicklung", "Webseiten bauen"),
        "sw": ("kutengeneza tovuti", "ujenzi wa tovuti"),
    },
    "Spreadsheets": {
        "en": ("spreadsheets", "Excel", "good with Google Sheets formulas"),
        "es": ("hojas de cálculo", "Excel avanzado"),
        "fr": ("tableur", "Excel et tableaux croisés"),
        "pt": ("planilhas", "Excel"),
        "de": ("Tabellenkalkulation", "Excel-Tabellen"),
        "sw": ("Excel", "majedwali ya Excel"),
    },
    "Data analysis": {
        "en": ("data analysis", "making sense of survey results", "crunching numbers"),
        "es": ("análisis de datos", "analizo encuestas"),
        "fr": ("analyse de données", "j'analyse des données d'enquête"),
        "pt": ("análise de dados", "analiso dados"),
        "de": ("Datenanalyse", "Daten auswerten"),
        "sw": ("uchambuzi wa data", "kuchambua takwimu"),
    },
    "Mapping and GIS": {
        "en": ("GIS", "making maps in QGIS", "mapping"),
        "es": ("cartografía", "SIG y mapas"),
        "fr": ("cartographie", "SIG"),
        "pt": ("mapeamento", "geoprocessamento"),
        "de": ("Kartografie", "GIS"),
        "sw": ("kuchora ramani", "ramani za GIS"),
    },
    "Editing Wikipedia": {
        "en": ("Wikipedia editing", "I edit Wikipedia articles", "writing for wikipedia"),
        "es": ("editar Wikipedia", "edición de Wikipedia"),
        "fr": ("contribuer à Wikipédia", "rédaction sur Wikipédia"),
        "pt": ("editar a Wikipédia", "edição da Wikipédia"),
        "de": ("Wikipedia bearbeiten", "Wikipedia-Artikel schreiben"),
        "sw": ("kuhariri Wikipedia", "kuandika makala za Wikipedia"),
    },
    "OpenStreetMap": {
        "en": ("OpenStreetMap", "OSM mapping", "I add buildings to OSM"),
        "es": ("OpenStreetMap", "mapeo en OSM"),
        "fr": ("OpenStreetMap", "je contribue à OSM"),
        "pt": ("OpenStreetMap", "mapear no OSM"),
        "de": ("OpenStreetMap", "OSM-Mapping"),
        "sw": ("OpenStreetMap", "kuchora ramani kwenye OSM"),
    },
    "Translation": {
        "en": ("translation", "translating documents", "I translate between English and French"),
        "es": ("traducción", "traduzco textos"),
        "fr": ("traduction", "je traduis de l'anglais"),
        "pt": ("tradução", "traduzo textos"),
        "de": ("Übersetzung", "Übersetzen"),
        "sw": ("tafsiri", "kutafsiri nyaraka"),
    },
    "Public speaking": {
        "en": ("public speaking", "giving talks", "speaking in front of people"),
        "es": ("hablar en público", "oratoria"),
        "fr": ("prise de parole en public", "parler en public"),
        "pt": ("falar em público", "oratória"),
        "de": ("öffentliches Reden", "Vorträge halten"),
        "sw": ("kuzungumza hadharani", "kuhutubia watu"),
    },
    "Social media": {
        "en": ("social media", "running our Instagram", "TikTok and Facebook posts"),
        "es": ("redes sociales", "manejo Instagram"),
        "fr": ("réseaux sociaux", "community management"),
        "pt": ("redes sociais", "cuido do Instagram"),
        "de": ("soziale Medien", "Social-Media-Kanäle betreuen"),
        "sw": ("mitandao ya kijamii", "kusimamia Instagram"),
    },
    "Photography": {
        "en": ("photography", "taking photos", "portraits with my old camera"),
        "es": ("fotografía", "saco fotos"),
        "fr": ("photographie", "je fais de la photo"),
        "pt": ("fotografia", "tiro fotos"),
        "de": ("Fotografie", "Fotografieren"),
        "sw": ("upigaji picha", "kupiga picha"),
    },
    "Video editing": {
        "en": ("video editing", "editing videos", "cutting footage in Premiere"),
        "es": ("edición de video", "edito videos"),
        "fr": ("montage vidéo", "je monte des vidéos"),
        "pt": ("edição de vídeo", "edito vídeos"),
        "de": ("Videoschnitt", "Videos schneiden"),
        "sw": ("kuhariri video", "uhariri wa video"),
    },
    "Grant writing": {
        "en": ("grant writing", "writing funding applications", "proposals to foundations"),
        "es": ("redacción de proyectos para subvenciones", "escribo solicitudes de financiación"),
        "fr": ("rédaction de demandes de subvention", "montage de dossiers de financement"),
        "pt": ("escrita de projetos para editais", "elaboração de propostas"),
        "de": ("Förderanträge schreiben", "Antragsschreiben"),
        "sw": ("kuandika maombi ya ruzuku", "maandiko ya miradi"),
    },
    "Fundraising": {
        "en": ("fundraising", "raising money", "crowdfunding campaigns"),
        "es": ("recaudación de fondos", "campañas de donaciones"),
        "fr": ("collecte de fonds", "financement participatif"),
        "pt": ("captação de recursos", "vaquinhas online"),
        "de": ("Spendensammeln", "Fundraising"),
        "sw": ("kuchangisha fedha", "harambee"),
    },
    "Budgeting": {
        "en": ("budgeting", "keeping a budget", "I do the treasurer's budget every year"),
        "es": ("presupuestos", "hago el presupuesto de la asociación"),
        "fr": ("budget", "élaborer un budget"),
        "pt": ("orçamento", "controle de orçamento"),
        "de": ("Budgetplanung", "Haushaltsplan erstellen"),
        "sw": ("kupanga bajeti", "bajeti"),
    },
    "Facilitation": {
        "en": ("facilitation", "facilitating workshops", "running meetings so everyone speaks"),
        "es": ("facilitación", "facilito talleres"),
        "fr": ("facilitation", "animation de réunions"),
        "pt": ("facilitação", "facilito rodas de conversa"),
        "de": ("Moderation", "Workshops moderieren"),
        "sw": ("uwezeshaji", "kuwezesha mikutano"),
    },
    "Conflict resolution": {
        "en": ("conflict resolution", "mediation", "calming down heated arguments"),
        "es": ("resolución de conflictos", "mediación"),
        "fr": ("gestion des conflits", "médiation"),
        "pt": ("resolução de conflitos", "mediação"),
        "de": ("Konfliktlösung", "Mediation"),
        "sw": ("utatuzi wa migogoro", "upatanishi"),
    },
    "Event organising": {
        "en": ("event organising", "planning events", "I put on the street party every year"),
        "es": ("organización de eventos", "organizo encuentros"),
        "fr": ("organisation d'événements", "j'organise des fêtes de quartier"),
        "pt": ("organização de eventos", "produção de eventos"),
        "de": ("Veranstaltungsplanung", "Events organisieren"),
        "sw": ("kuandaa matukio", "kupanga sherehe"),
    },
    "Teaching": {
        "en": ("teaching", "I teach maths at a secondary school", "tutoring kids"),
        "es": ("enseñanza", "soy profesora"),
        "fr": ("enseignement", "je suis prof"),
        "pt": ("ensino", "sou professor"),
        "de": ("Unterrichten", "Lehrerin"),
        "sw": ("ualimu", "kufundisha"),
    },
    "Digital literacy": {
        "en": ("digital literacy", "helping older people use smartphones", "basic computer skills"),
        "es": ("alfabetización digital", "enseño a usar el celular"),
        "fr": ("littératie numérique", "initiation à l'informatique"),
        "pt": ("letramento digital", "inclusão digital"),
        "de": ("digitale Kompetenz", "Computerkurse für Senioren"),
        "sw": ("ujuzi wa kidijitali", "matumizi ya kompyuta"),
    },
    "Sewing": {
        "en": ("sewing", "sewing machine", "I make and mend my own clothes"),
        "es": ("costura", "coser a máquina"),
        "fr": ("couture", "je couds"),
        "pt": ("costura", "costurar"),
        "de": ("Nähen", "Nähmaschine"),
        "sw": ("ushonaji", "kushona nguo"),
    },
    "Gardening": {
        "en": ("gardening", "growing vegetables", "allotment and compost"),
        "es": ("jardinería", "huerto urbano"),
        "fr": ("jardinage", "potager"),
        "pt": ("jardinagem", "horta comunitária"),
        "de": ("Gärtnern", "Gemüsegarten"),
        "sw": ("bustani", "kilimo cha mbogamboga"),
    },
    "Cooking": {
        "en": ("cooking", "cooking for big groups", "home cook"),
        "es": ("cocina", "cocinar"),
        "fr": ("cuisine", "je cuisine pour l'asso"),
        "pt": ("culinária", "cozinhar"),
        "de": ("Kochen", "kochen für viele"),
        "sw": ("upishi", "kupika"),
    },
    "Bicycle repair": {
        "en": ("bike repair", "fixing bicycles", "I fix punctures and brakes"),
        "es": ("reparación de bicicletas", "arreglo bicis"),
        "fr": ("réparation de vélos", "mécanique vélo"),
        "pt": ("conserto de bicicletas", "mecânica de bike"),
        "de": ("Fahrradreparatur", "Fahrräder reparieren"),
        "sw": ("kutengeneza baiskeli", "fundi baiskeli"),
    },
    "Solar power": {
        "en": ("solar power", "installing solar panels", "off-grid solar"),
        "es": ("energía solar", "instalación de paneles solares"),
        "fr": ("énergie solaire", "panneaux solaires"),
        "pt": ("energia solar", "instalação de placas solares"),
        "de": ("Solarenergie", "Solaranlagen installieren"),
        "sw": ("nishati ya jua", "kufunga paneli za sola"),
    },
    "Beekeeping": {
        "en": ("beekeeping", "I keep bees", "looking after hives"),
        "es": ("apicultura", "tengo colmenas"),
        "fr": ("apiculture", "j'ai des ruches"),
        "pt": ("apicultura", "crio abelhas"),
        "de": ("Imkerei", "Bienen halten"),
        "sw": ("ufugaji nyuki", "mizinga ya nyuki"),
    },
    "Chess": {
        "en": ("chess", "playing chess", "club chess player"),
        "es": ("ajedrez", "juego al ajedrez"),
        "fr": ("échecs", "je joue aux échecs"),
        "pt": ("xadrez", "jogo xadrez"),
        "de": ("Schach", "Schach spielen"),
        "sw": ("chesi", "mchezo wa sataranji"),
    },
}

# city → (its language, ways members write it); three continents and more
CITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Nairobi": ("sw", ("Nairobi", "Nairobi, Kenya", "nairobi")),
    "Dar es Salaam": ("sw", ("Dar es Salaam", "Dar", "Dar es Salaam, Tanzania")),
    "Bogotá": ("es", ("Bogotá", "Bogota, Colombia")),
    "Valencia": ("es", ("Valencia", "València, España")),
    "Marseille": ("fr", ("Marseille", "Marseille, France")),
    "Recife": ("pt", ("Recife", "Recife - PE")),
    "Hamburg": ("de", ("Hamburg", "Hamburg, Deutschland")),
    "Toronto": ("en", ("Toronto", "Toronto, ON")),
}
LANGUAGES = ("en", "es", "fr", "pt", "de", "sw")
SHARE_LEADS = {
    "en": ("", "", "good at ", "I can help with "), "es": ("", "", "sé de ", "puedo enseñar "),
    "fr": ("", "", "je maîtrise ", "bon en "), "pt": ("", "", "sei ", "posso ensinar "),
    "de": ("", "", "ich kann ", "gut in "), "sw": ("", "", "ninaweza ", "mzoefu wa "),
}
LEARN_LEADS = {
    "en": ("", "I'd like to learn ", "want to get into "), "es": ("", "quiero aprender ", "me gustaría aprender "),
    "fr": ("", "j'aimerais apprendre ", "envie d'apprendre "), "pt": ("", "quero aprender ", "gostaria de aprender "),
    "de": ("", "ich möchte lernen: ", "würde gern lernen: "), "sw": ("", "nataka kujifunza ", "ningependa kujifunza "),
}
JOINERS = {"en": " and ", "es": " y ", "fr": " et ", "pt": " e ", "de": " und ", "sw": " na "}

# Circles as members post them: (language, title, what it is about, skills, city or None)
CIRCLES: tuple[tuple[str, str, str, tuple[str, ...], str | None], ...] = (
    ("es", "¿Cuánto gastamos de verdad?",
     "La asociación nunca ha tenido unas cuentas claras y queremos aprender a planificar ingresos y gastos del año.",
     ("Budgeting",), "Bogotá"),
    ("es", "Nuestra colonia necesita dinero para la sede",
     "Queremos montar una campaña de donaciones y pedir aportes pequeños a los vecinos.", ("Fundraising",), "Valencia"),
    ("es", "Miel del barrio", "Un vecino tiene dos colmenas en la azotea y se ofrece a enseñar cómo cuidarlas "
     "sin que nos piquen.", ("Beekeeping",), "Valencia"),
    ("es", "Mapear las calles que no aparecen",
     "Medio barrio no existe en los mapas libres; vamos a salir con el móvil y añadir calles, tiendas y paradas.",
     ("OpenStreetMap",), "Bogotá"),
    ("es", "Contar lo que hacemos en internet",
     "Nadie sigue nuestra página. Queremos un plan de publicaciones y aprender a grabar y cortar vídeos cortos.",
     ("Social media", "Video editing"), "Bogotá"),
    ("es", "Remendar en vez de tirar", "Traed ropa rota y aprenderemos a usar la máquina de coser.",
     ("Sewing",), None),
    ("es", "Perder el miedo al micrófono",
     "Cada persona preparará una charla de cinco minutos y nos daremos comentarios.", ("Public speaking",), "Valencia"),
    ("fr", "Nos réunions tournent au vinaigre",
     "Depuis l'été, chaque assemblée finit en dispute. On veut apprendre à désamorcer les tensions.",
     ("Conflict resolution",), "Marseille"),
    ("fr", "Des légumes sur le toit de l'école",
     "On a un toit plat et des bacs : semis, compost et arrosage, on apprend ensemble.", ("Gardening",), "Marseille"),
    ("fr", "Mettre notre ville sur l'encyclopédie",
     "L'histoire de notre quartier manque en ligne ; on écrira des articles sourcés sur l'encyclopédie libre.",
     ("Editing Wikipedia",), "Marseille"),
    ("fr", "Le club du mercredi soir", "Ouvertures, finales et parties rapides, tous niveaux ; apportez vos "
     "échiquiers si vous en avez.", ("Chess",), None),
    ("fr", "Dossier de subvention : on s'y met",
     "L'appel de la région ferme en mars et personne n'a jamais rédigé de dossier ni construit de budget "
     "prévisionnel.", ("Grant writing", "Budgeting"), "Marseille"),
    ("fr", "Rendre nos guides lisibles pour tous",
     "Nos fiches n'existent qu'en anglais ; on les passera en français et en arabe, chapitre par chapitre.",
     ("Translation",), None),
    ("pt", "Bike parada é bike triste", "Traga sua bicicleta: vamos aprender a trocar câmara, regular freio e "
     "marcha.", ("Bicycle repair",), "Recife"),
    ("pt", "Vovós no WhatsApp",
     "Muitas pessoas idosas do bairro não conseguem usar o celular para marcar consulta; vamos ajudar e aprender "
     "a ensinar.", ("Digital literacy",), "Recife"),
    ("pt", "Comida boa e barata para o mutirão",
     "Todo sábado alguém ensina um prato que rende para muita gente.", ("Cooking",), "Recife"),
    ("pt", "O que dizem os números da pesquisa?",
     "Coletamos trezentas respostas e não sabemos por onde começar: planilhas, gráficos e conclusões.",
     ("Data analysis", "Spreadsheets"), "Recife"),
    ("pt", "Luz que vem do telhado", "Queremos entender como instalar placas no centro comunitário e fazer a "
     "manutenção.", ("Solar power",), None),
    ("de", "Wenn alle durcheinanderreden",
     "Unsere Plena dauern ewig und immer reden dieselben; wir üben, Treffen so zu leiten, dass alle zu Wort kommen.",
     ("Facilitation",), "Hamburg"),
    ("de", "Unser Verein braucht eine Homepage",
     "Wir wollen eine einfache Seite bauen, die wir selbst pflegen können.", ("Web development",), "Hamburg"),
    ("de", "Langweilige Büroarbeit automatisieren",
     "Dateien umbenennen, Tabellen einlesen, Mails verschicken: kleine Programme für den Alltag.",
     ("Python",), None),
    ("de", "Honig vom Vereinsdach", "Wir übernehmen zwei Bienenvölker und suchen Leute, die wissen, wie man "
     "durch den Winter kommt.", ("Beekeeping",), "Hamburg"),
    ("de", "Das Sommerfest planen", "Bühne, Essen, Helfende, Genehmigungen: wer hat so etwas schon gemacht?",
     ("Event organising",), "Hamburg"),
    ("sw", "Ramani ya mtaa wetu",
     "Tunataka kuweka barabara, shule na visima vya mtaa wetu kwenye ramani huria ya mtandaoni.",
     ("OpenStreetMap", "Mapping and GIS"), "Nairobi"),
    ("sw", "Harambee ya kisasa",
     "Kikundi chetu kinahitaji pesa za kununua mashine; tujifunze kuchangisha mtandaoni na kwa jamii.",
     ("Fundraising",), "Nairobi"),
    ("sw", "Umeme wa jua kwa kijiji",
     "Tutajifunza kufunga paneli, betri na taa kwa nyumba zisizo na umeme.", ("Solar power",), "Dar es Salaam"),
    ("sw", "Makala za Kiswahili mtandaoni",
     "Kuna makala chache sana kwa Kiswahili kwenye kamusi elezo huru; tuandike pamoja na vyanzo.",
     ("Editing Wikipedia",), "Dar es Salaam"),
    ("sw", "Walimu kwa walimu",
     "Kwa walimu wa kujitolea wanaotaka wanafunzi wao waelewe zaidi darasani.", ("Teaching",), "Nairobi"),
    ("sw", "Bao la mawazo", "Klabu ya mchezo wa sataranji kwa vijana, wanaoanza wanakaribishwa.",
     ("Chess",), "Dar es Salaam"),
    ("en", "Stories in pictures", "Bring any camera, even a phone; we'll practise light and framing around the "
     "harbour.", ("Photography",), "Toronto"),
    ("en", "Our treasurer is drowning", "The membership list and the accounts live in one messy sheet. Let's "
     "learn formulas and pivot tables.", ("Spreadsheets",), "Toronto"),
    ("en", "From a hundred hours of footage to ten minutes",
     "We filmed interviews for our oral history project and need to cut them into something watchable.",
     ("Video editing",), None),
    ("en", "Saying it out loud", "For anyone who freezes when asked to present at a meeting.",
     ("Public speaking",), "Toronto"),
    ("en", "Where are our members?", "We want to put our members, food banks and bus routes on one map.",
     ("Mapping and GIS",), None),
    ("en", "Evening chess for grown-ups", "Casual games and a short lesson on openings each week.",
     ("Chess",), "Toronto"),
    ("en", "Funders keep saying no", "Let's read winning applications together and draft our own sections.",
     ("Grant writing",), None),
    ("en", "Teaching grandparents to video-call", "Helping seniors with phones, email and online forms.",
     ("Digital literacy",), "Toronto"),
    ("en", "Keeping the peace in the housing co-op", "Neighbours who stopped talking; we want to learn to mediate.",
     ("Conflict resolution",), None),
    ("en", "The repair corner", "Bring a bike with a flat or squeaky brakes; tools provided.",
     ("Bicycle repair",), None),
    ("en", "Cooking for the shelter", "Big-batch recipes that are cheap, healthy and taste like home.",
     ("Cooking",), "Toronto"),
)
LOGISTICS = {
    "en": ("We meet at the community centre on Thursday evenings{at}.", "First session Saturday morning{at}, "
           "at the public library.", "Online for now, Wednesdays at 7pm; in person later{at}."),
    "es": ("Nos vemos los sábados por la mañana en la biblioteca{at}.", "Quedamos los martes a las 19h en el "
           "centro cultural{at}."),
    "fr": ("Rendez-vous le jeudi soir à la maison de quartier{at}.", "Première séance samedi matin, salle des "
           "associations{at}."),
    "pt": ("Encontros aos sábados de manhã na associação de moradores{at}.", "Toda terça às 19h no centro "
           "comunitário{at}."),
    "de": ("Wir treffen uns dienstags um 19 Uhr im Nachbarschaftshaus{at}.", "Erstes Treffen am Samstag "
           "in der Stadtteilbibliothek{at}."),
    "sw": ("Tutakutana kila Jumamosi asubuhi kwenye ukumbi wa jamii{at}.", "Mkutano wa kwanza ni Jumanne "
           "jioni maktabani{at}."),
}
AT = {"en": " in {city}", "es": " en {city}", "fr": " à {city}", "pt": " em {city}", "de": " in {city}",
      "sw": " hapa {city}"}
SIGN_OFFS = {
    "en": ("Reply below if you're in!", "Beginners very welcome."), "es": ("¡Apúntate abajo!", "No hace falta "
    "experiencia."), "fr": ("Répondez ici si ça vous tente !", "Débutants bienvenus."), "pt": ("Comenta aqui "
    "se topar!", "Iniciantes são bem-vindos."), "de": ("Meldet euch hier!", "Vorkenntnisse nicht nötig."),
    "sw": ("Karibuni wote!", "Jibu hapa kama unataka kujiunga."),
}


def _typed(rng: random.Random, text: str) -> str:
    """As people type: sometimes two neighbouring letters swapped, sometimes odd capitals."""
    if rng.random() < 0.08 and len(text) > 6:
        i = rng.randrange(1, len(text) - 2)
        if text[i].isalpha() and text[i + 1].isalpha():
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
    roll = rng.random()
    if roll < 0.1:
        return text.upper() if len(text) < 15 else text.lower()
    if roll < 0.25:
        return text[:1].upper() + text[1:]
    return text


def members(count: int = 400, *, seed: int = 9101) -> list[Person]:
    rng = random.Random(seed)
    skills, cities = list(PHRASINGS), list(CITIES)
    people = []
    for member_id in range(FIRST_ID, FIRST_ID + count):
        city = rng.choice(cities) if rng.random() >= 0.1 else None
        if city:
            local, spellings = CITIES[city]
            language = local if rng.random() < 0.8 else rng.choice(("en", local, rng.choice(LANGUAGES)))
            location = rng.choice(spellings)
        else:
            language, location = rng.choice(LANGUAGES), rng.choice(("online", "", None, "Online"))
        shares = rng.sample(skills, rng.choice((1, 1, 2, 2, 3)))
        learns = [s for s in rng.sample(skills, rng.choice((0, 1, 1, 2))) if s not in shares]

        def written(skill: str, leads: tuple[str, ...], ways: slice) -> str:
            text = _typed(rng, rng.choice(PHRASINGS[skill][language][ways]))
            return text if len(text.split()) > 3 else rng.choice(leads) + text  # a sentence needs no lead-in

        joiner = rng.choice((", ", "; ", "\n", JOINERS[language]))
        shares_text = joiner.join(written(s, SHARE_LEADS[language], slice(None)) for s in shares)
        learns_text = ", ".join(written(s, LEARN_LEADS[language], slice(0, 2)) for s in learns)
        people.append(Person(member_id, f"m{member_id}", shares_text, learns_text, location, city,
                             frozenset(shares), frozenset(learns), eligible=rng.random() > 0.05))
    return people


def circles(people: list[Person], count: int = 40, *, seed: int = 9102) -> list[Proposal]:
    """The written circles in a seeded order, each posted by a member, with logistics in its language."""
    rng = random.Random(seed)
    written = rng.sample(CIRCLES, len(CIRCLES))
    proposals = []
    for i in range(count):
        language, title, about, skills, city = written[i % len(written)]
        at = AT[language].format(city=city) if city else ""
        body = [about, rng.choice(LOGISTICS[language]).format(at=at)]
        if rng.random() < 0.6:
            body.append(rng.choice(SIGN_OFFS[language]))
        locals_ = [p for p in people if p.city == city] if city else people
        author = rng.choice(locals_ or people)
        proposals.append(Proposal(title, " ".join(body), (), author.member_id, frozenset(skills), city))
    return proposals
