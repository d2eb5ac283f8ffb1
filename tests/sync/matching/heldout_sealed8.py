"""An eighth sealed held-out community, written from the skill names alone by an independent author.

A forum of 300 members and 30 proposed circles that leans towards people who build small websites and
shops, teach and run groups, and make things by hand. Its truth names 27 taxonomy skills (21 of them
named by no earlier community: web markup, PHP, Java, R, Django, office tech support, museum and
archive partnerships, recording endangered languages, Swahili, Indonesian, Portuguese, facilitation,
leadership, academic research, online teaching, course platforms, slide design, business plans,
agile, sales and design thinking) and three skills the taxonomy does not hold: beekeeping, batik and
bonsai. Members write in English (59%), Turkish (9%), Tagalog (8%), Indonesian, Italian and Polish
(7% each) and Brazilian Portuguese (3%), switch language inside a line, misspell, and describe what
they do more often than they name it. They live in sixteen cities on six continents, written as people write them (districts,
nicknames, postcodes); about one in ten gives no useful location and about one in twenty cannot take
part. Nine of the circles are not in English.

Never tune on it: read its figures, never its texts, and never change the texts after seeing a figure.
"""

from __future__ import annotations

import random

from tests.sync.matching.heldout import Person, Proposal

FREE_SKILLS = ("Beekeeping", "Batik", "Bonsai")
FIRST_ID = 110001

# How members say they can do a skill, by the language they write in; a member whose language has no
# entry for a skill falls back to English phrases inside a sentence of their own language.
SAYINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "HTML & CSS": {
        "en": ("I can help people get their first website online", "hand-coding web pages, flexbox, grid",
               "html/css", "making pages look right on phones (media queries!)", "markup and stylesheets",
               "front-end basics, no frameworks", "semantic html + tailwind"),
        "id": ("bikin tampilan web pakai html css", "ngoding halaman web dari nol", "slicing desain ke html"),
        "tr": ("web sayfası kodlama (html, css)", "sıfırdan site arayüzü"),
        "it": ("pagine web scritte a mano, fogli di stile", "impaginazione siti con flexbox"),
        "pl": ("kodowanie stron, html i css", "stylowanie stron www"),
        "tl": ("gumawa ng simpleng website, html at css", "pag-design ng web page gamit ang code"),
        "pt": ("montar páginas com html e css",),
    },
    "PHP": {
        "en": ("PHP", "laravel", "server-side scripts for small shop sites", "maintaining old LAMP apps",
               "php8 + composer", "backend in laravel / symfony"),
        "id": ("backend pakai laravel", "ngoding php native", "CodeIgniter"),
        "tr": ("php ile backend", "laravel geliştirici"),
        "it": ("sviluppo backend in php", "siti con laravel"),
        "pl": ("programuję w php (symfony)", "pehap"),
        "tl": ("php backend para sa mga small business", "laravel dev"),
        "pt": ("backend em php",),
    },
    "Java": {
        "en": ("java", "spring boot microservices", "JVM stuff", "teaching OOP with java",
               "android apps the old way (java, not kotlin)", "maven/gradle builds"),
        "id": ("pemrograman java", "spring boot"),
        "tr": ("java ile kurumsal yazılım", "spring boot"),
        "it": ("programmazione java", "sviluppo con spring"),
        "pl": ("programowanie w javie", "java + spring"),
        "tl": ("java programming (yung sa school)", "OOP sa java"),
    },
    "R": {
        "en": ("R / tidyverse", "ggplot and dplyr", "stats scripts in RStudio", "cleaning survey data in R",
               "R Markdown reports", "shiny dashboards"),
        "id": ("analisis data pakai R", "RStudio"),
        "tr": ("R ile istatistik", "RStudio"),
        "it": ("analisi statistiche in R", "tidyverse"),
        "pl": ("analiza danych w R", "erka i tidyverse"),
        "tl": ("R programming para sa thesis",),
        "pt": ("análises no R",),
    },
    "Django": {
        "en": ("django", "python web apps with the django ORM", "django rest framework APIs",
               "I build admin panels in django", "wagtail / django sites"),
        "id": ("web app pakai django", "django + DRF"),
        "tr": ("django ile web uygulaması",),
        "it": ("siti in django",),
        "pl": ("aplikacje webowe w django",),
        "tl": ("django web app para sa capstone",),
    },
    "IT support": {
        "en": ("fixing the office printer and wifi", "helpdesk for a small NGO", "setting up laptops for volunteers",
               "I'm the person family calls when the computer is slow", "tech support",
               "resetting passwords, backups, email setup"),
        "id": ("teknisi IT kantor", "install ulang laptop, setting jaringan"),
        "tr": ("bilgi işlem desteği", "ofis bilgisayarlarının bakımı"),
        "it": ("assistenza informatica", "supporto tecnico in ufficio"),
        "pl": ("wsparcie IT, helpdesk", "informatyk w biurze"),
        "tl": ("tech support sa opisina", "ayos ng computer at wifi"),
        "pt": ("suporte técnico",),
    },
    "GLAM partnerships": {
        "en": ("working with museums to open up their collections", "partnerships with archives and libraries",
               "GLAM", "getting galleries to release images under open licences",
               "wikimedian-in-residence at a county museum"),
        "id": ("kerja sama dengan museum dan arsip", "kolaborasi galeri/perpustakaan/museum"),
        "tr": ("müze ve arşivlerle iş birliği",),
        "it": ("collaborazioni con musei e archivi", "progetti con biblioteche e musei"),
        "pl": ("współpraca z muzeami i archiwami",),
        "tl": ("partnership sa museo at library",),
    },
    "Language documentation": {
        "en": ("recording elders speaking endangered languages", "fieldwork: wordlists, ELAN transcripts",
               "documenting a minority language before it disappears", "building an audio archive of our dialect",
               "linguistic fieldwork"),
        "id": ("mendokumentasikan bahasa daerah", "rekam tuturan bahasa yang hampir punah"),
        "tr": ("kaybolan dillerin kaydı", "lehçe derleme çalışması"),
        "it": ("documentazione di lingue minoritarie", "registrazioni di dialetti"),
        "pl": ("dokumentacja języków zagrożonych",),
        "tl": ("pagdodokumento ng katutubong wika",),
    },
    "Swahili": {
        "en": ("kiswahili", "I speak Swahili (native)", "the language they speak in Nairobi and Dar",
               "can teach basic Swahili greetings and grammar", "kiswahili sanifu"),
        "id": ("bahasa swahili",),
        "tr": ("svahili dili",),
        "it": ("lingua swahili",),
        "pl": ("język suahili",),
        "tl": ("swahili na wika",),
    },
    "Indonesian": {
        "en": ("bahasa", "conversational bahasa Indonesia", "I can teach Indonesian to expats",
               "the national language of Indonesia", "BIPA tutor (Indonesian for foreigners)"),
        "id": ("ngajar bahasa Indonesia untuk penutur asing", "BIPA"),
        "tr": ("endonezce",),
        "it": ("lingua indonesiana",),
        "pl": ("język indonezyjski",),
        "tl": ("bahasa indonesia (malapit sa tagalog!)",),
    },
    "Portuguese": {
        "en": ("português", "Brazilian portuguese conversation", "I speak pt-BR",
               "the language of Brazil and Portugal", "teaching portuguese to beginners"),
        "pt": ("português brasileiro", "aulas de português para estrangeiros"),
        "id": ("bahasa portugis",),
        "tr": ("portekizce",),
        "it": ("portoghese",),
        "pl": ("portugalski",),
        "tl": ("portuguese (nag-aral ako sa Brazil)",),
    },
    "Facilitation": {
        "en": ("running meetings so everyone gets heard", "facilitating workshops and retros",
               "holding the room in group discussions", "I moderate community meetings",
               "keeping group sessions on track"),
        "id": ("memfasilitasi diskusi kelompok", "jadi fasilitator workshop"),
        "tr": ("toplantı ve atölye kolaylaştırıcılığı",),
        "it": ("facilitazione di gruppi", "conduzione di riunioni partecipate"),
        "pl": ("facylitacja spotkań",),
        "tl": ("pagpapatakbo ng group discussion",),
        "pt": ("facilitação de grupos",),
    },
    "Leadership": {
        "en": ("leading volunteer teams", "managing people, first-time team lead", "servant leadership",
               "stepping up to lead a chapter", "keeping a team motivated"),
        "id": ("memimpin tim", "kepemimpinan organisasi"),
        "tr": ("liderlik, ekip yönetimi",),
        "it": ("leadership e gestione dei team", "guidare un gruppo"),
        "pl": ("przywództwo, prowadzenie zespołu",),
        "tl": ("pamumuno sa team", "team lead"),
    },
    "Academic research": {
        "en": ("writing papers, peer review", "I'm doing a PhD", "research methods and getting published",
               "thesis supervision", "journal submissions, academic writing"),
        "id": ("penelitian akademik, nulis jurnal", "skripsi/tesis"),
        "tr": ("akademik araştırma, makale yazımı",),
        "it": ("ricerca universitaria, pubblicazioni", "dottorato"),
        "pl": ("badania naukowe, publikacje", "doktorat"),
        "tl": ("research para sa thesis", "academic paper writing"),
        "pt": ("pesquisa acadêmica, mestrado",),
    },
    "Online teaching": {
        "en": ("teaching classes over zoom", "running live online lessons",
               "remote tutoring that doesn't bore people", "I taught online all through lockdown",
               "virtual classroom tricks: breakouts, polls"),
        "id": ("ngajar daring lewat zoom", "kelas online"),
        "tr": ("uzaktan eğitim, online ders",),
        "it": ("didattica a distanza", "lezioni online"),
        "pl": ("nauczanie zdalne", "lekcje online"),
        "tl": ("online class, nagtuturo sa zoom",),
    },
    "Learning management systems": {
        "en": ("moodle admin", "setting up courses in Canvas / Google Classroom", "LMS configuration",
               "building course pages in moodle", "managing quizzes and gradebooks on an LMS"),
        "id": ("admin moodle kampus", "google classroom"),
        "tr": ("moodle yönetimi", "uzaktan eğitim platformu kurulumu"),
        "it": ("piattaforme e-learning come moodle",),
        "pl": ("administracja moodle",),
        "tl": ("moodle at google classroom setup",),
    },
    "Presentation design": {
        "en": ("making slides that don't put people to sleep", "pitch decks, keynote", "powerpoint templates",
               "slide design", "turning a wall of text into clean slides"),
        "id": ("bikin slide presentasi", "desain PPT"),
        "tr": ("sunum hazırlama, slayt tasarımı",),
        "it": ("slide e presentazioni curate",),
        "pl": ("projektowanie prezentacji",),
        "tl": ("gumawa ng magandang powerpoint",),
    },
    "Business planning": {
        "en": ("writing a business plan", "cash-flow projections for small businesses",
               "helping friends turn a side hustle into a real business", "business model canvas",
               "startup financial forecasts"),
        "id": ("bikin rencana usaha", "perencanaan bisnis UMKM"),
        "tr": ("iş planı hazırlama",),
        "it": ("business plan per piccole imprese",),
        "pl": ("biznesplan",),
        "tl": ("business plan para sa maliit na negosyo",),
        "pt": ("plano de negócios",),
    },
    "Agile": {
        "en": ("scrum master", "sprints, standups, kanban boards", "agile coaching", "jira and two-week sprints",
               "running scrum for a small dev team"),
        "id": ("scrum", "manajemen proyek agile"),
        "tr": ("çevik yöntemler, scrum",),
        "it": ("metodologie agili, scrum",),
        "pl": ("scrum, zwinne zarządzanie",),
        "tl": ("scrum at sprint planning",),
    },
    "Sales": {
        "en": ("selling", "B2B sales, cold calls", "closing deals", "I sold software for 8 years",
               "retail sales, talking to customers", "building a sales pipeline in a CRM"),
        "id": ("jualan", "jago jualan, closing"),
        "tr": ("satış, müşteri görüşmeleri",),
        "it": ("vendite", "venditore porta a porta"),
        "pl": ("sprzedaż B2B",),
        "tl": ("benta, sales agent dati",),
        "pt": ("vendas",),
    },
    "Design thinking": {
        "en": ("human-centred design workshops", "empathy maps, ideation, prototyping with post-its",
               "IDEO-style problem framing", "design sprints", "double diamond"),
        "id": ("design thinking untuk UMKM", "workshop ideasi"),
        "tr": ("tasarım odaklı düşünme",),
        "it": ("pensiero progettuale, prototipazione rapida",),
        "pl": ("myślenie projektowe",),
        "tl": ("design thinking workshop",),
    },
    "Cooking": {
        "en": ("home cooking", "I make a mean rendang", "feeding 40 people on a budget", "meal prep",
               "regional recipes from my grandma"),
        "id": ("masak-masak", "masakan rumahan"),
        "tr": ("yemek yapmak", "ev yemekleri"),
        "it": ("cucina casalinga", "fare la pasta fresca"),
        "pl": ("gotowanie", "pierogi od zera"),
        "tl": ("pagluluto", "lutong bahay (adobo, sinigang)"),
        "pt": ("cozinhar",),
    },
    "Photography": {
        "en": ("shooting portraits", "street photos with a 35mm", "lightroom + manual mode",
               "camera basics: aperture, shutter, iso", "wedding photographer on weekends"),
        "id": ("fotografi", "motret human interest"),
        "tr": ("fotoğrafçılık",),
        "it": ("fotografia di strada",),
        "pl": ("fotografia", "robię zdjęcia"),
        "tl": ("photographer sa events", "kuha ng litrato"),
    },
    "Video editing": {
        "en": ("cutting videos in premiere", "davinci resolve", "editing youtube videos", "color grading and cuts",
               "capcut for reels"),
        "id": ("ngedit video", "edit video pakai capcut"),
        "tr": ("video kurgu",),
        "it": ("montaggio video",),
        "pl": ("montaż wideo",),
        "tl": ("video editor (premiere pro)",),
    },
    "Data visualisation": {
        "en": ("charts that tell a story", "tableau dashboards", "d3.js", "making data readable: maps, charts",
               "power BI reports"),
        "id": ("visualisasi data", "bikin dashboard"),
        "tr": ("veri görselleştirme",),
        "it": ("visualizzazione dei dati",),
        "pl": ("wizualizacja danych",),
        "tl": ("charts at dashboard",),
    },
    "Podcasting": {
        "en": ("I host a podcast", "recording and publishing audio shows", "podcast interviews",
               "running a weekly audio show", "spotify for podcasters"),
        "id": ("bikin podcast", "siniar"),
        "tr": ("podcast yayıncılığı",),
        "it": ("conduco un podcast",),
        "pl": ("prowadzę podcast",),
        "tl": ("may podcast ako",),
    },
    "Bicycle repair": {
        "en": ("fixing bikes", "truing wheels, brake cables, derailleurs", "bike mechanic",
               "community bike workshop volunteer", "fixing flats"),
        "id": ("servis sepeda", "bengkel sepeda"),
        "tr": ("bisiklet tamiri",),
        "it": ("riparazione bici", "ciclofficina"),
        "pl": ("naprawa rowerów",),
        "tl": ("ayos ng bisikleta",),
        "pt": ("conserto de bicicleta",),
    },
    "Beekeeping": {
        "en": ("I keep two hives on my roof", "harvesting honey, checking frames for varroa",
               "looking after bee colonies", "apiary volunteer", "catching swarms in spring"),
        "id": ("ternak lebah madu", "budidaya lebah klanceng"),
        "tr": ("arıcılık", "kovan bakımı, bal hasadı"),
        "it": ("apicoltura", "curo alcune arnie in collina"),
        "pl": ("pszczelarstwo", "mam pasiekę na działce"),
        "tl": ("pag-aalaga ng bubuyog", "nag-aani ng pulot"),
    },
    "Batik": {
        "en": ("wax-resist dyeing on cotton", "canting & hot wax patterns", "dyeing fabric with hot wax",
               "hand-drawn batik tulis", "resist-dye textiles"),
        "id": ("membatik", "batik tulis & cap", "nyanting pakai malam"),
        "tr": ("balmumu ile kumaş boyama",),
        "it": ("tintura a riserva con cera",),
        "pl": ("malowanie woskiem na tkaninie",),
        "tl": ("pagkukulay ng tela gamit ang wax",),
    },
    "Bonsai": {
        "en": ("shaping little junipers in pots", "wiring and root pruning miniature trees", "bonsai (mostly ficus)",
               "growing tiny trees in trays"),
        "id": ("bonsai beringin", "merawat pohon mini di pot"),
        "tr": ("minyatür ağaç yetiştirme",),
        "it": ("alberelli in vaso, potatura e legatura",),
        "pl": ("miniaturowe drzewka w doniczkach",),
        "tl": ("pag-aalaga ng maliit na puno sa paso",),
    },
}

SHARE_FRAMES = {
    "en": ("{x}", "{x}", "I can help with {x}", "happy to teach {x}", "{x} (10+ years)", "Can share: {x}",
           "good at {x}", "{x}, ask me anything"),
    "id": ("{x}", "bisa bantu {x}", "bisa ngajarin {x}", "{x} (udah lama)", "siap sharing soal {x}"),
    "tr": ("{x}", "{x} konusunda yardımcı olabilirim", "{x} öğretebilirim", "{x} — 5 yıllık deneyim"),
    "it": ("{x}", "posso insegnare {x}", "do una mano con {x}", "{x}, da anni"),
    "pl": ("{x}", "mogę pomóc: {x}", "chętnie nauczę: {x}", "{x} (od lat)"),
    "tl": ("{x}", "kaya kong magturo ng {x}", "pwede akong tumulong sa {x}", "marunong ako ng {x}"),
    "pt": ("{x}", "posso ensinar {x}", "ajudo com {x}"),
}
LEARN_FRAMES = {
    "en": ("{x}", "I'd love to learn {x}", "want to get into {x}", "curious about {x}", "need help with {x}"),
    "id": ("pengen belajar {x}", "mau belajar {x}", "{x}"),
    "tr": ("{x} öğrenmek istiyorum", "{x}"),
    "it": ("vorrei imparare {x}", "{x}"),
    "pl": ("chcę się nauczyć: {x}", "{x}"),
    "tl": ("gusto kong matutunan ang {x}", "{x}"),
    "pt": ("quero aprender {x}", "{x}"),
}
JOINS = (", ", ", ", " / ", "; ", " and ", "\n", " + ")
# Words that make a saying a boast of having the skill ("I keep two hives"), which nobody writes about
# something they want to learn.
HAVING = {"i", "i'm", "my", "ako", "dati", "mam", "curo", "conduco", "prowadzę", "robię", "programuję",
          "(native)", "years)", "posso", "ajudo"}

# city: (how people write it, how many members live there, which language they mostly write in)
CITIES: dict[str, tuple[tuple[str, ...], int, str]] = {
    "Jakarta": (("Jakarta", "Jaksel", "DKI Jakarta", "Kemang, Jakarta Selatan", "jkt"), 26, "id"),
    "Yogyakarta": (("Jogja", "Yogyakarta, DIY", "Yogya", "Sleman, Jogja"), 14, "id"),
    "Istanbul": (("İstanbul", "Kadıköy, İstanbul", "Istanbul", "Beşiktaş/İST"), 24, "tr"),
    "Izmir": (("İzmir", "Izmir / Bornova", "Karşıyaka, izmir"), 10, "tr"),
    "Milan": (("Milano", "Milan", "MI 20121", "Milano (Isola)"), 18, "it"),
    "Naples": (("Napoli", "Naples", "Vomero, Napoli", "NA"), 10, "it"),
    "Kraków": (("Kraków", "Krakow", "30-001 Kraków", "Kazimierz, KRK"), 16, "pl"),
    "Wrocław": (("Wrocław", "Wroclaw", "Wro", "Wrocław, Nadodrze"), 10, "pl"),
    "Manila": (("Manila", "Metro Manila", "Malate, Manila", "Mla"), 22, "tl"),
    "Cebu": (("Cebu City", "Cebu", "Sugbo", "Lahug, Cebu"), 10, "tl"),
    "Nairobi": (("Nairobi", "Westlands, Nairobi", "Nai", "NBO, Kenya"), 20, "en"),
    "São Paulo": (("São Paulo", "Sao Paulo", "Sampa", "Pinheiros, SP"), 14, "pt"),
    "Toronto": (("Toronto", "the 6ix", "TO", "M5V, Toronto ON"), 18, "en"),
    "Manchester": (("Manchester", "Manc", "M1 Northern Quarter", "Salford-ish, Manchester"), 14, "en"),
    "Melbourne": (("Melbourne", "Melb", "Fitzroy VIC 3065", "Naarm/Melbourne"), 14, "en"),
    "Chicago": (("Chicago", "Chi-town", "60614", "Pilsen, Chicago"), 12, "en"),
}
NOWHERE = (None, None, "", "earth", "online only", "wherever my laptop is", "🌏", "between places", "n/a",
           "my house lol")
LOCAL_LANGUAGE_SHARE = 0.6

# Skills that cluster where they are spoken or practised: far likelier there, rarer elsewhere.
LOCAL_SKILLS = {
    "Batik": {"Jakarta", "Yogyakarta"},
    "Indonesian": {"Jakarta", "Yogyakarta"},
    "Swahili": {"Nairobi"},
    "Portuguese": {"São Paulo"},
}

GIVEN_NAMES = {
    "en": ("sam", "priya", "jordan", "amara", "liam", "wanjiru", "kev", "chloe", "omar", "beth", "tunde", "maddie"),
    "id": ("dewi", "budi", "putri", "agus", "rina", "fajar", "sari", "yoga", "intan", "bayu"),
    "tr": ("ahmet", "elif", "mert", "zeynep", "emre", "ayse", "burak", "selin", "can", "deniz"),
    "it": ("giulia", "marco", "chiara", "luca", "fede", "sara", "ale", "francesca", "gianni", "marta"),
    "pl": ("kasia", "tomek", "ola", "piotr", "magda", "kuba", "ania", "bartek", "zosia", "michał"),
    "tl": ("jojo", "mika", "paolo", "bea", "jun", "rica", "carlo", "tin", "migs", "joy"),
    "pt": ("joao", "ana", "rafa", "bruna", "thiago", "lari", "caio", "bia"),
}
SURNAMES = {
    "en": ("smith", "otieno", "nguyen", "patel", "obrien", "kamau", "lee", "walker"),
    "id": ("santoso", "wijaya", "pratama", "lestari", "nugroho", "hidayat"),
    "tr": ("yilmaz", "kaya", "demir", "sahin", "celik", "ozturk"),
    "it": ("rossi", "esposito", "bianchi", "russo", "ferrari", "romano"),
    "pl": ("nowak", "kowalski", "wisniewska", "wojcik", "kaminski", "lewandowska"),
    "tl": ("reyes", "santos", "cruz", "bautista", "garcia", "delacruz"),
    "pt": ("silva", "souza", "oliveira", "lima", "pereira"),
}


def _typo(rng: random.Random, text: str) -> str:
    """One slip of the finger inside a longer word: swapped, dropped or doubled letter."""
    words = text.split(" ")
    long_words = [i for i, word in enumerate(words) if len(word) >= 5 and word.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    word = words[i]
    at = rng.randrange(1, len(word) - 2)
    slip = rng.choice(("swap", "drop", "double"))
    if slip == "swap":
        word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
    elif slip == "drop":
        word = word[:at] + word[at + 1:]
    else:
        word = word[:at] + word[at] + word[at:]
    words[i] = word
    return " ".join(words)


def _wanting(sayings: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(text for text in sayings if not HAVING & set(text.lower().split()))


def _say(rng: random.Random, skill: str, language: str, learning: bool) -> str:
    sayings = {lang: _wanting(texts) if learning else texts for lang, texts in SAYINGS[skill].items()}
    own = sayings.get(language)
    text = rng.choice(own if own and (language == "en" or rng.random() < 0.7) else sayings["en"])
    roll = rng.random()
    if roll < 0.08:
        text = _typo(rng, text)
    elif roll < 0.14:
        text = text.upper() if len(text) < 14 else text.lower()
    elif roll < 0.3:
        text = text[:1].upper() + text[1:]
    return text


def _text(rng: random.Random, skills: list[str], language: str, *, learning: bool) -> str:
    if not skills:
        return ""
    said = [_say(rng, skill, language, learning) for skill in skills]
    joined = rng.choice(JOINS).join(said)
    frames = LEARN_FRAMES if learning else SHARE_FRAMES
    return rng.choice(frames[language]).format(x=joined)


def _pick_skills(rng: random.Random, city: str | None, count: int, exclude: set[str]) -> list[str]:
    names = [name for name in SAYINGS if name not in exclude]
    weights = []
    for name in names:
        places = LOCAL_SKILLS.get(name)
        weights.append(1.0 if places is None else (6.0 if city in places else 0.3))
    chosen: list[str] = []
    while len(chosen) < count:
        name = rng.choices(names, weights)[0]
        if name not in chosen:
            chosen.append(name)
    return chosen


def _username(rng: random.Random, language: str, taken: set[str]) -> str:
    given = rng.choice(GIVEN_NAMES[language])
    surname = rng.choice(SURNAMES[language])
    style = rng.randrange(5)
    if style == 0:
        name = f"{given}_{surname[0]}"
    elif style == 1:
        name = f"{given}{rng.randrange(70, 100)}"
    elif style == 2:
        name = f"{given}.{surname}"
    elif style == 3:
        name = f"{given[:1].upper()}{given[1:]}{surname[:1].upper()}{surname[1:]}"
    else:
        name = f"{surname}_{given}{rng.randrange(1, 10)}"
    while name.lower() in taken:
        name = f"{name}{rng.randrange(10)}"
    taken.add(name.lower())
    return name


def members() -> list[Person]:
    rng = random.Random(80_808)
    cities = list(CITIES)
    weights = [CITIES[city][1] for city in cities]
    other_languages = [language for language in GIVEN_NAMES if language != "en"]
    taken: set[str] = set()
    people = []
    for member_id in range(FIRST_ID, FIRST_ID + 300):
        if rng.random() < 0.1:
            city = None
            location = rng.choice(NOWHERE)
            language = "en" if rng.random() < 0.7 else rng.choice(other_languages)
        else:
            city = rng.choices(cities, weights)[0]
            spellings, _, local = CITIES[city]
            location = rng.choice(spellings)
            language = local if local != "en" and rng.random() < LOCAL_LANGUAGE_SHARE else "en"
        shares = _pick_skills(rng, city, rng.choices((1, 2, 3), (45, 38, 17))[0], set())
        learns = _pick_skills(rng, city, rng.choices((0, 1, 2), (30, 45, 25))[0], set(shares))
        people.append(Person(
            member_id=member_id,
            username=_username(rng, language, taken),
            shares_text=_text(rng, shares, language, learning=False),
            learns_text=_text(rng, learns, language, learning=True),
            location=location,
            city=city,
            shares=frozenset(shares),
            learns=frozenset(learns),
            eligible=rng.random() >= 0.05,
        ))
    return people


# (title, first post, tags, skills, city when the circle meets in person)
CIRCLES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], str | None], ...] = (
    ("Our first page on the internet",
     "Nobody in this group needs to have written a line of code before. Each week we build one small thing "
     "(a profile page, a recipe card, a page for your grandmother's shop) and by week six it goes live on a "
     "free host. Online, Wednesdays 19:00 Jakarta time (WIB), cameras optional. Bring a laptop, not a phone; "
     "a text editor and a browser are all the software you need.",
     ("beginners", "online"), ("HTML & CSS",), None),
    ("Keeping the old shop site alive",
     "A few of us look after small online shops built years ago on a LAMP stack, the kind with a contact form "
     "and a cart nobody dares to touch. Let's meet at the coworking space in Kadıköy, Saturdays 11:00, read "
     "each other's legacy code, move it to a supported version and get composer in. Laravel people very welcome.",
     ("in-person", "istanbul"), ("PHP",), "Istanbul"),
    ("Cumartesi kahve ve kod",
     "Üniversitede nesne yönelimli programlamayı sevemeyenler için: her cumartesi Bornova'da bir kafede "
     "buluşup adım adım küçük bir Spring Boot servisi yazıyoruz. Dört hafta sürecek, bilgisayarınızda JDK "
     "kurulu gelin. Başlangıç seviyesi, soru sormaktan çekinmeyin.",
     ("yuz-yuze", "izmir"), ("Java",), "Izmir"),
    ("Tidy numbers, honest charts",
     "For people who have a spreadsheet of survey answers and a deadline. We'll go from a raw export to a clean "
     "table to a chart you'd actually put in a report, using the tidyverse and ggplot. Online, Mondays 18:00 UTC, "
     "eight weeks, recordings shared for those in other time zones.",
     ("online", "data"), ("R", "Data visualisation"), None),
    ("From script to web app",
     "You know some Python and want a real web application with logins and an admin panel. We'll build a small "
     "library-lending app together: models, views, templates, migrations, and a REST endpoint at the end. In "
     "person at a Toronto Public Library branch on Spadina, Thursdays 6:30pm.",
     ("in-person", "toronto"), ("Django",), "Toronto"),
    ("The printer is jammed again",
     "A circle for the accidental tech person in every small office or charity. Backups, password managers, "
     "setting up a laptop for a new volunteer, why the wifi drops at 3pm. We meet at the Northern Quarter "
     "makerspace in Manchester, first and third Tuesday of the month, 7pm, tea provided.",
     ("in-person", "manchester"), ("IT support",), "Manchester"),
    ("Opening the storerooms",
     "Many regional museums and archives have beautiful collections that nobody outside their walls can see. "
     "This circle is for people who want to approach a curator or a librarian, agree on a licence and get "
     "digitised objects shared openly. We'll role-play the first meeting and draft an agreement together. "
     "Online, every other Friday 14:00 CET.",
     ("online", "culture"), ("GLAM partnerships",), None),
    ("Le voci dei nonni",
     "Cerchiamo persone che vogliano registrare i dialetti e le lingue minoritarie prima che scompaiano: come "
     "chiedere il consenso, come registrare bene con un telefono, come trascrivere e archiviare. Ci vediamo a "
     "Napoli, nella biblioteca di quartiere ai Quartieri Spagnoli, il giovedì alle 18. Anche chi parla solo il "
     "dialetto è benvenuto!",
     ("in-presenza", "napoli"), ("Language documentation",), "Naples"),
    ("Habari za jioni",
     "Evening conversation group for people who want to move beyond greetings: market talk, asking the matatu "
     "driver where to get off, telling a story. Native speakers from the city lead, everyone else practises. "
     "Tuesdays 6pm at a café in Westlands, Nairobi; a couple of us also dial in.",
     ("in-person", "nairobi"), ("Swahili",), "Nairobi"),
    ("Ngobrol santai buat yang baru pindah",
     "Buat teman-teman expat atau siapa saja yang mau lancar ngobrol sehari-hari: pesan makanan, tawar-menawar "
     "di pasar, baca berita. Tiap Sabtu pagi jam 9 di kafe dekat Blok M, Jakarta Selatan. Gratis, bawa "
     "semangat aja.",
     ("tatap-muka", "jakarta"), ("Indonesian",), "Jakarta"),
    ("Papo de quinta",
     "Grupo de conversa para quem está começando. Músicas, receitas, notícias e muito sotaque paulistano. "
     "Online, às quintas às 20h (horário de Brasília), com salas pequenas para todo mundo falar.",
     ("online", "conversa"), ("Portuguese",), None),
    ("Everyone gets a turn to speak",
     "How do you run a meeting where the loudest voice doesn't win? We'll practise check-ins, timeboxing, a "
     "parking lot for side topics and what to do with the person who derails everything, swapping who holds "
     "the room each week. In person in Melbourne, Fitzroy library meeting room, Wednesdays 6pm.",
     ("in-person", "melbourne"), ("Facilitation",), "Melbourne"),
    ("So you're in charge now",
     "For people who were a volunteer last year and are suddenly coordinating twelve others. Delegating without "
     "dumping, giving feedback, saying no, and looking after yourself while you do it. Online, fortnightly "
     "Sundays 10:00 UTC; each session starts from a real situation someone brings.",
     ("online",), ("Leadership",), None),
    ("Od konspektu do recenzji",
     "Krąg dla doktorantów i osób piszących pierwszy artykuł: jak czytać recenzje, jak odpowiadać redakcji, "
     "jak nie utknąć na metodologii i jak skończyć rozdział przed terminem. Spotykamy się w Krakowie, w "
     "kawiarni przy Rynku, we wtorki o 17:30. Po polsku, ale teksty mogą być po angielsku.",
     ("na-zywo", "krakow"), ("Academic research",), "Kraków"),
    ("Teaching to a grid of black squares",
     "When half the cameras are off, how do you know anyone is learning? Breakout rooms that work, polls, "
     "shared whiteboards, and keeping energy up for ninety minutes. Each Thursday one of us teaches a "
     "ten-minute micro-lesson over Zoom and the rest give feedback, 8pm Manila time.",
     ("online", "teachers"), ("Online teaching",), None),
    ("Course shells and gradebooks",
     "Our school switched platforms over the summer and nobody was trained. We'll set up a course together: "
     "sections, quizzes, completion tracking, enrolling two hundred students from a CSV, and the gradebook "
     "settings that trip everyone up. Online, Tuesdays 15:00 CET, six weeks.",
     ("online", "schools"), ("Learning management systems",), None),
    ("Death by bullet point, no more",
     "Bring your worst deck. Each week we rebuild one: one idea per slide, real pictures, readable type, charts "
     "that make a point. In person at a coworking space in Isola, Milan, Mondays 19:00, in English e in italiano.",
     ("in-person", "milano"), ("Presentation design",), "Milan"),
    ("Negosyo sa kanto, planong pangmatagalan",
     "Para sa mga may sari-sari store, online shop o maliit na kainan na gustong lumago. Gagawa tayo ng simpleng "
     "plano: gastos, kita, presyo, at kung kailan ka magsisimulang kumita. Tuwing Sabado, 2pm, sa barangay hall "
     "sa Lahug, Cebu City. Libre, magdala ng calculator.",
     ("harapan", "cebu"), ("Business planning",), "Cebu"),
    ("Two-week cycles for a team of three",
     "Small volunteer dev team, no manager, lots of half-finished tickets. Let's learn to plan a cycle, hold a "
     "ten-minute standup, run a review and keep a board honest. Online, Wednesdays 17:00 UTC; we practise on "
     "our own side projects.",
     ("online", "teams"), ("Agile",), None),
    ("Asking for the money (politely)",
     "For makers and small-shop owners who are great at making things and terrible at selling them. Opening a "
     "conversation, handling 'that's too expensive', following up without being annoying. In person in Chicago, "
     "Logan Square, Saturday mornings 10am.",
     ("in-person", "chicago"), ("Sales",), "Chicago"),
    ("Post-its, markers and a real problem",
     "Each month a local organisation brings us a problem and we spend four weeks interviewing the people it "
     "affects, sketching ideas and testing cardboard prototypes with them. Wrocław, at the university's "
     "innovation hub, Thursdays 18:00; materials provided, English spoken.",
     ("in-person", "wroclaw"), ("Design thinking",), "Wrocław"),
    ("Anneannemin tarifleri",
     "Her hafta biri ailesinden bir tarif getiriyor, birlikte hazırlayıp sofraya oturuyoruz. İstanbul, "
     "Beşiktaş'ta bir mahalle mutfağında, pazar günleri 14:00. Malzeme masrafını bölüşüyoruz, önlüğünüzü "
     "unutmayın.",
     ("yuz-yuze", "istanbul"), ("Cooking",), "Istanbul"),
    ("Golden hour walks",
     "Slow walks around the old town at sunset, then coffee and looking at each other's frames. Any camera "
     "works, phones included; we'll talk light, composition and a little editing. Meeting at Tugu, "
     "Yogyakarta, Sundays 5pm.",
     ("in-person", "jogja"), ("Photography",), "Yogyakarta"),
    ("Cut, trim, colour",
     "From a folder of clips to a three-minute story. We'll use DaVinci Resolve (free) and cover pacing, sound, "
     "colour and exporting for YouTube and short vertical reels. Online, Saturdays 16:00 UTC.",
     ("online",), ("Video editing",), None),
    ("Mic check",
     "Want to start a show about your neighbourhood, your research or your hobby? Recording at home, "
     "interviewing, editing out the ums and getting onto the apps. In person in São Paulo, Pinheiros, quartas "
     "19h; we'll mix English and Portuguese.",
     ("in-person", "sampa"), ("Podcasting",), "São Paulo"),
    ("Fix your own ride",
     "Flats, squeaky brakes, a chain that keeps slipping. Bring whatever you ride to the community workshop on "
     "Bloor on Saturday mornings; tools and stands are there and we learn by doing on each other's wheels.",
     ("in-person", "toronto"), ("Bicycle repair",), "Toronto"),
    ("Boxes on the roof",
     "A few of us keep hives on rooftops and in community gardens, and a few more want to start. Inspections, "
     "spotting the queen, mites, and what to do when a swarm leaves. Saturday mornings at a community garden "
     "near Karura, Nairobi; veils available, bring long sleeves.",
     ("in-person", "nairobi"), ("Beekeeping",), "Nairobi"),
    ("Malam, canting, dan kain",
     "Belajar dari nol: bikin pola, menorehkan malam panas dengan canting, pewarnaan, sampai melorod. Di sanggar "
     "dekat Prawirotaman, Yogyakarta, tiap Minggu jam 10. Kain dan pewarna disediakan, iuran seikhlasnya.",
     ("tatap-muka", "jogja"), ("Batik",), "Yogyakarta"),
    ("Alberi piccoli, pazienza grande",
     "Legature, potature e rinvasi di alberelli in vaso, e la parte più lenta: farli sopravvivere alle "
     "stagioni. Porta una pianta, anche un ginepro da vivaio. Milano, orto condiviso in zona Isola, sabato "
     "mattina alle 10.",
     ("in-presenza", "milano"), ("Bonsai",), "Milan"),
    ("From the hive to the cloth",
     "We'll follow the wax all the way: taking frames from the hive, rendering the comb into clean blocks, then "
     "drawing with it on cotton before the dye bath. Online, alternate Sundays 09:00 WIB, with small kits "
     "posted to anyone who wants one.",
     ("online", "crafts"), ("Beekeeping", "Batik"), None),
)


def circles(people: list[Person]) -> list[Proposal]:
    """Each circle is posted by an eligible member who can share one of its skills, a local one when it meets
    in person (anyone who shares it when nobody local does)."""
    rng = random.Random(80_809)
    proposals = []
    for title, raw, tags, skills, city in CIRCLES:
        wanted = set(skills)
        sharers = [p for p in people if p.eligible and p.shares & wanted]
        local = [p for p in sharers if p.city == city] if city else []
        author = rng.choice(local or sharers)
        proposals.append(Proposal(title=title, raw=raw, tags=tags, author_id=author.member_id,
                                  skills=frozenset(skills), city=city))
    return proposals
