"""A blind held-out community: 300 members and 30 proposed circles with hidden truth.

Written from the list of skill names alone — without reading circleup's taxonomy (its related
words), its skill reader or matching code, or the other evaluation sets (their phrasings, titles
and sentences) — so nothing here was shaped by what circleup already knows. It measures whether
circleup reads people the way a person does on text its authors never saw while tuning.

Twenty-one skills from eight areas, each written the way members type it into "Skills I can share"
and "Skills I want to learn": the plain name, synonyms, jargon, sentences about what they do,
typos, odd capitalisation, and Spanish, French, Portuguese and German forms. Members in Bogotá,
Lyon, São Paulo and Berlin mostly write in the local language. Circles are proposed in forum
prose whose titles often do not name the skill, with logistics and, for most of them, the city.
The truth labels are the exact taxonomy skill names and canonical city names.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from tests.sync.matching.heldout import Person, Proposal

FIRST_ID = 20001
LANGUAGES = ("en", "es", "fr", "pt", "de")


@dataclass(frozen=True)
class Skill:
    name: str
    forms: dict[str, tuple[str, ...]]      # noun phrases, usable in both fields, by language
    doing: dict[str, tuple[str, ...]]      # sentences about what someone does: sharing only
    circles: tuple[tuple[str, str, str], ...]  # (language, title, first sentence of the post)


SKILLS: tuple[Skill, ...] = (
    # -- Facilitation & community ------------------------------------------------------------
    Skill(
        "Conflict resolution",
        {"en": ("Conflict resolution", "conflict mediation", "mediating disagreements", "conflict resoltion",
                "CONFLICT RESOLUTION"),
         "es": ("resolución de conflictos", "mediación de conflictos"),
         "fr": ("gestion des conflits", "médiation"),
         "pt": ("resolução de conflitos", "mediação de conflitos"),
         "de": ("Konfliktlösung", "Mediation bei Konflikten")},
        {"en": ("I mediate when volunteers fall out with each other",
                "helping groups work through a disagreement without anyone storming off"),
         "es": ("medio cuando hay peleas en el colectivo",)},
        (("en", "When the group chat gets heated",
          "Two members stopped speaking to each other halfway through our last project and nobody knew how "
          "to step in. I'd like us to practise mediating disagreements: listening to both sides, naming the "
          "real issue and agreeing a way forward."),
         ("en", "Disagreeing without falling apart",
          "Every group hits a fight sooner or later. Let's read a short book on mediation together and "
          "role-play the tricky conversations before they happen for real."),
         ("es", "Cuando el equipo se pelea",
          "En nuestro colectivo los desacuerdos terminan en silencios largos y gente que se va. Propongo un "
          "círculo para aprender herramientas de mediación y resolución de conflictos, con casos reales de "
          "nuestros grupos.")),
    ),
    Skill(
        "Volunteer management",
        {"en": ("Volunteer management", "managing volunteers", "volunteer coordination", "voluntere coordinator",
                "volunteer rotas"),
         "es": ("gestión de voluntarios", "coordinación de voluntariado"),
         "fr": ("gestion des bénévoles", "coordination de bénévoles"),
         "pt": ("gestão de voluntários", "coordenação de voluntariado"),
         "de": ("Ehrenamtskoordination", "Freiwilligenmanagement")},
        {"en": ("I coordinate 40 volunteers for our food bank",
                "recruiting volunteers and keeping them around"),
         "fr": ("je coordonne les bénévoles de notre festival",)},
        (("en", "Why do our helpers vanish after two months?",
          "We recruit a wave of volunteers every spring and by summer half of them have drifted off. I want "
          "to compare notes on welcoming them, building rotas that don't burn people out, and saying thank "
          "you properly."),
         ("en", "The rota spreadsheet is not a plan",
          "I coordinate about thirty people who staff a weekend book stall and I mostly improvise. Let's work "
          "through how other groups recruit, schedule and keep their volunteers."),
         ("fr", "Nos bénévoles s'épuisent",
          "Dans notre association, ce sont toujours les mêmes cinq personnes qui font tout. Je propose un "
          "cercle pour apprendre à recruter, accueillir et fidéliser des bénévoles sans les épuiser.")),
    ),
    Skill(
        "Retrospectives",
        {"en": ("Retrospectives", "running retros", "sprint retrospectives", "lessons-learned sessions",
                "after-action reviews", "retrospectivs"),
         "es": ("retrospectivas", "facilitar retrospectivas"),
         "fr": ("rétrospectives", "animer des rétros"),
         "pt": ("retrospectivas", "facilitação de retrospectivas"),
         "de": ("Retrospektiven", "Retros moderieren")},
        {"en": ("I run a retro after every event we organise",),
         "de": ("ich moderiere die Retros in unserem Team",)},
        (("en", "What went well, what didn't, what next",
          "After each event we promise to debrief and never do. Let's learn to run short retrospectives: "
          "formats like start/stop/continue, keeping them blameless, and turning what comes out into actual "
          "changes."),
         ("en", "Looking back before moving on",
          "Our project just ended and I'd like us to practise running retros, for projects and for our "
          "circles: timelines, the sailboat, the 4Ls, and how to get the quiet people to talk."),
         ("fr", "Tirer les leçons de nos projets",
          "Après chaque projet, on passe à autre chose sans jamais faire le bilan. Je propose un cercle pour "
          "apprendre à animer des rétrospectives utiles et bienveillantes.")),
    ),
    # -- Research & data -----------------------------------------------------------------------
    Skill(
        "Survey design",
        {"en": ("Survey design", "designing questionnaires", "writing survey questions", "questionnaire design",
                "survey desing", "KoboToolbox forms"),
         "es": ("diseño de encuestas", "hacer cuestionarios"),
         "fr": ("conception de questionnaires", "enquêtes par questionnaire"),
         "pt": ("elaboração de questionários", "desenho de questionários"),
         "de": ("Fragebogendesign", "Umfragen erstellen")},
        {"en": ("I build our annual member survey",
                "I know how to word questions so people actually answer them")},
        (("en", "Our feedback form gets three answers a year",
          "After every event we send a feedback form and learn nothing from it. Let's learn how to write "
          "questions people actually answer, avoid leading wording and pick the right answer scales before "
          "our member questionnaire goes out in March."),
         ("en", "Asking better questions",
          "I'm planning a questionnaire for about 500 library users and I keep second-guessing every "
          "question. We'll go through wording, answer scales, sampling and pilot testing, one survey each."),
         ("pt", "Nosso questionário não diz nada",
          "Fizemos uma pesquisa com os participantes do projeto e as respostas não serviram para nada. Quero "
          "montar um círculo para aprender a elaborar questionários: perguntas claras, escalas de resposta, "
          "teste piloto.")),
    ),
    Skill(
        "Data cleaning",
        {"en": ("Data cleaning", "cleaning messy spreadsheets", "data wrangling", "deduplicating records",
                "data cleansing", "data clening"),
         "es": ("limpieza de datos", "depuración de datos"),
         "fr": ("nettoyage de données", "nettoyer des jeux de données"),
         "pt": ("limpeza de dados", "tratamento de dados"),
         "de": ("Datenbereinigung", "Daten aufräumen")},
        {"en": ("I tidy up messy CSVs so they can actually be analysed",),
         "pt": ("deixo planilhas bagunçadas prontas para análise",)},
        (("en", "Seventeen spellings of the same town",
          "Our partner list has every town spelt five ways, duplicate rows and dates in three formats. I'd "
          "like a small group to learn how to tidy messy data: trimming, deduplicating, fixing formats, and "
          "keeping a record of what we changed."),
         ("en", "Before the analysis, the mop",
          "Everyone wants charts, nobody wants to fix the blank cells and the typos first. Let's practise "
          "cleaning real datasets together: missing values, inconsistent categories, merged cells."),
         ("de", "Unsere Tabellen sind ein Chaos",
          "Wir haben Mitgliederlisten aus fünf Jahren, voller Dubletten und Tippfehler. Ich möchte mit euch "
          "lernen, wie man Daten bereinigt, bevor wir irgendetwas auswerten.")),
    ),
    Skill(
        "Archival research",
        {"en": ("Archival research", "archive research", "digging through archives", "archival reserch",
                "primary sources in archives"),
         "es": ("investigación en archivos", "investigación archivística"),
         "fr": ("recherche en archives", "dépouillement d'archives"),
         "pt": ("pesquisa em arquivos", "pesquisa arquivística"),
         "de": ("Archivrecherche", "Recherche in Archiven")},
        {"en": ("I spend my Fridays in the municipal archive going through old council minutes",),
         "fr": ("je passe mes samedis aux archives départementales",)},
        (("en", "Finding our street's history in the city records",
          "I want to trace who lived on our street a hundred years ago. Let's learn together how to use the "
          "municipal archive: finding aids, requesting boxes, reading old handwriting and photographing "
          "documents properly."),
         ("en", "Boxes of letters nobody has read",
          "The regional archive holds the correspondence of a 1920s teachers' union and hardly anyone has "
          "looked at it. I'd like a small group to learn how to work in archives and read primary sources "
          "together."),
         ("fr", "Fouiller les archives du quartier",
          "Les archives municipales conservent des plans et des registres sur l'histoire de notre quartier. "
          "Je propose d'apprendre ensemble à faire de la recherche en archives : inventaires, demandes de "
          "cartons, lecture de documents anciens.")),
    ),
    # -- Making & practical skills -------------------------------------------------------------
    Skill(
        "Repair cafés",
        {"en": ("Repair cafés", "repair café", "repair cafe volunteer", "Restart parties",
                "community repair events"),
         "es": ("café de reparación", "taller comunitario de reparación"),
         "fr": ("Repair Café", "atelier de réparation participatif"),
         "pt": ("repair café", "café de reparos"),
         "de": ("Reparatur-Café", "Repaircafé")},
        {"en": ("I run the repair café on Sundays",
                "I help neighbours fix their broken lamps and toasters at our monthly fix-it day"),
         "de": ("ich organisiere das Repaircafé im Kiez",)},
        (("en", "Broken toasters welcome",
          "I want to start a monthly repair café in the community hall: volunteer fixers with screwdrivers, "
          "neighbours with broken lamps and toasters, tea in the corner. Let's learn from groups who already "
          "run one: insurance, sign-in sheets, what to fix and what to turn away."),
         ("en", "Fix it instead of binning it",
          "Half our neighbourhood throws out things that need a five-minute fix. I'd like to set up a regular "
          "repair event where people bring broken items and mend them alongside volunteer fixers."),
         ("de", "Reparieren statt wegwerfen",
          "Wir wollen im Nachbarschaftshaus ein Reparatur-Café aufbauen. Wer hat Erfahrung mit der "
          "Organisation: Haftung, Werkzeug, wie man Leute findet, die gern reparieren?")),
    ),
    Skill(
        "Bicycle repair",
        {"en": ("Bicycle repair", "bike repair", "bike maintenance", "fixing bikes", "bicyle mechanics",
                "truing wheels"),
         "es": ("reparación de bicicletas", "mecánica de bicicletas"),
         "fr": ("réparation de vélos", "mécanique vélo"),
         "pt": ("conserto de bicicletas", "mecânica de bike"),
         "de": ("Fahrradreparatur", "Fahrräder reparieren")},
        {"en": ("I fix punctures and adjust brakes at our community bike workshop",),
         "fr": ("je donne un coup de main à l'atelier vélo associatif",),
         "es": ("arreglo bicis en el barrio",)},
        (("en", "Stop paying for punctures",
          "Let's learn to look after our own bikes: fixing a flat, adjusting brakes and gears, cleaning and "
          "oiling the chain. I'll bring a stand and tools, you bring your bike."),
         ("en", "Saturday mornings in the bike shed",
          "A few of us commute by bike and keep getting stuck with a slipped chain or a buckled wheel. I'd "
          "like to run a hands-on circle on basic bike mechanics."),
         ("es", "Arregla tu propia bici",
          "Propongo un taller para aprender mecánica básica de bicicletas: pinchazos, frenos, cambios y "
          "cadena. Trae tu bici y, si tienes, una llave allen.")),
    ),
    Skill(
        "Sewing",
        {"en": ("Sewing", "dressmaking", "mending clothes", "alterations and hemming", "sowing",
                "sewing machine basics"),
         "es": ("costura", "coser a máquina"),
         "fr": ("couture", "coudre à la machine"),
         "pt": ("costura", "corte e costura"),
         "de": ("Nähen", "Kleidung ausbessern")},
        {"en": ("I make most of my own clothes from patterns",),
         "pt": ("faço barra de calça e pequenos consertos",)},
        (("en", "Hems, buttons and a borrowed machine",
          "I have a sewing machine I'm scared of. Let's meet with whoever has one and learn threading, "
          "straight seams, hemming trousers and sewing on buttons, then make a simple tote bag."),
         ("en", "Make-do and mend evenings",
          "Bring the shirt with the torn seam and the trousers that are too long. We'll learn hand stitches "
          "and the basics of a sewing machine, and help each other mend what we already own."),
         ("pt", "Costura para iniciantes",
          "Quero aprender a costurar: usar a máquina, ler moldes e fazer pequenos ajustes nas roupas. Quem já "
          "costura pode ensinar, e quem não sabe nada também é bem-vindo.")),
    ),
    Skill(
        "Solar power",
        {"en": ("Solar power", "solar panels", "solar PV installation", "off-grid solar", "photovoltaics",
                "solar enrgy"),
         "es": ("energía solar", "paneles solares"),
         "fr": ("énergie solaire", "panneaux photovoltaïques"),
         "pt": ("energia solar", "painéis fotovoltaicos"),
         "de": ("Solarenergie", "Photovoltaik", "Balkonkraftwerk")},
        {"en": ("I install small solar home systems in rural schools",),
         "de": ("ich habe unser Balkonkraftwerk selbst angeschlossen",)},
        (("en", "Keeping the lights on when the grid doesn't",
          "Our community centre loses power most evenings. I'd like us to learn how to size a small off-grid "
          "system: panels, charge controller, battery and inverter, and how to keep it running."),
         ("en", "A panel on the balcony?",
          "Several of us rent flats and wonder whether a plug-in panel on the balcony is worth it. Let's "
          "learn how photovoltaics work, what the numbers on the datasheet mean and how to install one "
          "safely."),
         ("de", "Balkonkraftwerk selber bauen",
          "Ich möchte verstehen, wie man ein kleines Balkonkraftwerk plant und anschließt: Module, "
          "Wechselrichter, Anmeldung. Wer schon eins hat, ist herzlich eingeladen, Erfahrungen zu teilen.")),
    ),
    # -- Languages & translation ---------------------------------------------------------------
    Skill(
        "Subtitling",
        {"en": ("Subtitling", "subtitles", "captioning videos", "closed captions", "SRT files", "subtitleing"),
         "es": ("subtitulado", "subtitular vídeos"),
         "fr": ("sous-titrage", "sous-titrer des vidéos"),
         "pt": ("legendagem", "legendar vídeos"),
         "de": ("Untertitelung", "Untertitel erstellen")},
        {"en": ("I subtitle talks for our YouTube channel in Aegisub",),
         "es": ("subtitulo los videos de nuestros talleres",)},
        (("en", "Our talks have no captions",
          "We record every community talk and almost none of them have subtitles, which shuts out a lot of "
          "viewers. Let's learn to write and time subtitles and export proper SRT files."),
         ("en", "Timing is everything",
          "I'd like to get good at subtitling: line length, reading speed, timing cues to the speech, and "
          "free tools like Subtitle Edit. Each of us brings a short video to caption."),
         ("es", "Subtítulos para nuestros videos",
          "Tenemos decenas de videos de talleres sin subtítulos. Propongo aprender juntos a subtitular: "
          "sincronizar, cortar líneas y exportar archivos SRT.")),
    ),
    Skill(
        "Transcription",
        {"en": ("Transcription", "transcribing interviews", "audio transcription", "oral history transcripts",
                "transcripton"),
         "es": ("transcripción", "transcribir entrevistas"),
         "fr": ("transcription", "retranscription d'entretiens"),
         "pt": ("transcrição", "transcrever entrevistas"),
         "de": ("Transkription", "Interviews transkribieren")},
        {"en": ("I type up recorded interviews for a research project",),
         "fr": ("je retranscris des entretiens pour des chercheurs",)},
        (("en", "Forty hours of interviews and no transcripts",
          "Our oral history project recorded elders for a year and the audio just sits there. I want to "
          "learn to transcribe efficiently: conventions, keyboard shortcuts and foot pedals, checking "
          "automatic transcripts."),
         ("en", "Turning recordings into text",
          "Anyone else stuck typing up interviews by hand? Let's compare transcription workflows, verbatim "
          "versus clean transcripts, and how to mark inaudible bits and speaker changes."),
         ("fr", "Retranscrire nos entretiens",
          "Pour notre projet de mémoire du quartier, nous avons des dizaines d'entretiens enregistrés. Je "
          "propose d'apprendre ensemble à les retranscrire proprement et plus vite.")),
    ),
    Skill(
        "Sign language",
        {"en": ("Sign language", "BSL", "ASL", "signing", "sign langauge", "Kenyan Sign Language"),
         "es": ("lengua de señas", "lenguaje de señas colombiano"),
         "fr": ("langue des signes", "LSF"),
         "pt": ("Libras", "língua de sinais"),
         "de": ("Gebärdensprache", "DGS")},
        {"en": ("I sign with the deaf members at our meetups",),
         "pt": ("sou intérprete de Libras na igreja",)},
        (("en", "Hello, thank you, see you next week - in sign",
          "Two deaf people joined our meetups and most of us can't say a single word to them. Let's learn "
          "basic signing together: fingerspelling, greetings and everyday phrases."),
         ("en", "Learning to sign, one evening a week",
          "I'd like a circle for beginners in sign language. We'll practise the alphabet, numbers and "
          "greetings with videos from a deaf teacher, and lots of practice in pairs."),
         ("pt", "Vamos aprender Libras",
          "Quero formar um grupo para aprender o básico de Libras: alfabeto manual, cumprimentos e frases do "
          "dia a dia. Ninguém precisa saber nada antes.")),
    ),
    # -- Wikimedia & open knowledge ------------------------------------------------------------
    Skill(
        "Wikisource",
        {"en": ("Wikisource", "WikiSource", "wiki source", "Wikisource proofreading",
                "transcribing public-domain books"),
         "es": ("corregir textos en Wikisource", "Wikisource en español"),
         "fr": ("relecture sur Wikisource", "Wikisource francophone"),
         "pt": ("revisão de textos no Wikisource", "Wikisource em português"),
         "de": ("Wikisource-Korrekturen", "Korrekturlesen auf Wikisource")},
        {"en": ("I validate scanned pages on Wikisource most evenings",)},
        (("en", "Old books, new readers",
          "Wikisource has thousands of scanned public-domain books waiting to be checked page by page. Let's "
          "learn how the index and page workflow works and transcribe a local history book together."),
         ("en", "Typing up a 1905 travel diary, page by page",
          "I found a public-domain scan of a 1905 travel diary and want to bring it to Wikisource. We'll "
          "learn to proofread and validate pages, format headers and transclude the chapters."),
         ("fr", "Relire des livres anciens",
          "Je propose un cercle pour découvrir Wikisource : corriger des pages numérisées, les valider, les "
          "mettre en forme. Idéal pour les amoureux des vieux livres.")),
    ),
    Skill(
        "OpenStreetMap",
        {"en": ("OpenStreetMap", "OSM", "open street map", "humanitarian mapping (HOT)", "mapathons",
                "OSM mapping"),
         "es": ("mapeo en OpenStreetMap", "mapeo colaborativo OSM"),
         "fr": ("cartographie OpenStreetMap", "contributeur OSM"),
         "pt": ("mapeamento no OpenStreetMap", "mapear no OSM"),
         "de": ("OSM-Kartierung", "Mappen für OpenStreetMap")},
        {"en": ("I map buildings and footpaths in JOSM",),
         "es": ("mapeo mi barrio en OpenStreetMap",)},
        (("en", "Our neighbourhood isn't on the map",
          "Half the streets and clinics around here are missing from OpenStreetMap. Let's learn to add them: "
          "tracing buildings from aerial imagery in iD, walking surveys with StreetComplete, and tagging "
          "things properly."),
         ("en", "Mapathon for the river villages",
          "The Humanitarian OpenStreetMap Team has a task open for flood-prone villages upstream. I'd like us "
          "to learn to trace buildings and roads and to validate each other's edits."),
         ("es", "Mapeando nuestro barrio",
          "Muchas calles y comercios del barrio no aparecen en OpenStreetMap. Propongo aprender a mapear: "
          "trazar edificios, etiquetar y salir a recorrer el barrio con el celular.")),
    ),
    Skill(
        "Citations and referencing",
        {"en": ("Citations and referencing", "citing sources", "adding references", "cite templates",
                "referencing", "citatons"),
         "es": ("citar fuentes", "referencias bibliográficas"),
         "fr": ("citer ses sources", "ajout de références"),
         "pt": ("citação de fontes", "referências bibliográficas"),
         "de": ("Quellenangaben", "Belege einfügen")},
        {"en": ("I fix 'citation needed' tags on Wikipedia",),
         "de": ("ich ergänze fehlende Belege in Artikeln",)},
        (("en", "[citation needed]",
          "Our articles keep getting tagged for missing sources. Let's practise finding reliable sources and "
          "adding proper references with the cite templates, so our new articles survive review."),
         ("en", "Where did you read that?",
          "I'd like a circle on citing sources well: what counts as a reliable source, footnotes versus "
          "bibliography, and how to reference a book, a newspaper article and a web page correctly."),
         ("de", "Belege, Belege, Belege",
          "Unsere Artikel werden ständig wegen fehlender Quellenangaben markiert. Lasst uns gemeinsam lernen, "
          "wie man zuverlässige Quellen findet und sauber belegt.")),
    ),
    # -- Funding & organisation ----------------------------------------------------------------
    Skill(
        "Budgeting",
        {"en": ("Budgeting", "project budgets", "making a budget", "budget planning", "budgetting"),
         "es": ("elaboración de presupuestos", "presupuestos"),
         "fr": ("budgétisation", "élaboration de budget"),
         "pt": ("orçamento", "elaboração de orçamentos"),
         "de": ("Budgetplanung", "Haushaltsplanung")},
        {"en": ("I draw up the yearly budget for our association",),
         "fr": ("je prépare le budget prévisionnel de l'asso",)},
        (("en", "Where does the money go?",
          "Every year our association guesses how much the festival will cost and every year we come up "
          "short. Let's learn to build a budget line by line: estimating costs, a contingency, tracking "
          "spending against the plan."),
         ("en", "Numbers for people who hate numbers",
          "I've been asked to draw up a budget for our youth project and I've never made one. I'd like a "
          "circle where we each build a real budget for something we run and review them together."),
         ("es", "Presupuesto sin miedo",
          "En el colectivo nadie sabe armar un presupuesto. Propongo un círculo para aprender a presupuestar "
          "proyectos: costos, imprevistos y cómo seguir los gastos mes a mes.")),
    ),
    Skill(
        "Grant reporting",
        {"en": ("Grant reporting", "reporting to funders", "donor reports", "grant reports", "grant reportng"),
         "es": ("informes para financiadores", "rendición de cuentas de subvenciones"),
         "fr": ("rapports aux bailleurs", "rapport de subvention"),
         "pt": ("relatórios para financiadores", "prestação de contas de projetos"),
         "de": ("Verwendungsnachweis", "Förderberichte")},
        {"en": ("I write the narrative and financial reports for our foundation grants",),
         "de": ("ich schreibe unsere Verwendungsnachweise",)},
        (("en", "The report is due on Friday",
          "We got the grant, ran the project, and now the funder wants a final report with outcomes, photos "
          "and a spending breakdown. Let's learn to report on a grant without panic: what funders look for "
          "and how to describe impact honestly."),
         ("en", "Telling the funder what happened",
          "Two of us have interim reports due to the same foundation and no idea what a good one looks like. "
          "I'd like to go through real donor reports together: narrative, indicators, financial annex."),
         ("pt", "Prestação de contas do projeto",
          "Recebemos um financiamento e agora precisamos entregar o relatório final ao financiador. Quero "
          "aprender com quem já fez: relatório narrativo, indicadores e prestação de contas financeira.")),
    ),
    # -- Technology ----------------------------------------------------------------------------
    Skill(
        "Command line",
        {"en": ("Command line", "bash", "the terminal", "shell scripting", "command-line tools", "comand line"),
         "es": ("línea de comandos", "la terminal"),
         "fr": ("ligne de commande", "le terminal"),
         "pt": ("linha de comando", "terminal"),
         "de": ("Kommandozeile", "Shell-Skripte")},
        {"en": ("I live in the terminal: grep and sed and awk",)},
        (("en", "The black window with the blinking cursor",
          "Every tutorial I follow says 'open a terminal and type' and I freeze. Let's learn the shell from "
          "scratch: moving around folders, copying files, pipes, and writing our first small scripts."),
         ("en", "grep, pipes and other magic",
          "I'd like a circle for people who use a computer every day but never touch the terminal. We'll "
          "practise shell commands on real files: renaming hundreds of photos, searching text, chaining "
          "commands."),
         ("fr", "Apprivoiser le terminal",
          "Je propose un cercle pour apprendre la ligne de commande : naviguer dans les dossiers, manipuler "
          "des fichiers, enchaîner des commandes. Apportez un ordinateur portable.")),
    ),
    Skill(
        "Web accessibility",
        {"en": ("Web accessibility", "a11y", "WCAG", "accessible websites", "screen reader testing",
                "web accesibility"),
         "es": ("accesibilidad web", "sitios web accesibles"),
         "fr": ("accessibilité numérique", "accessibilité web (RGAA)"),
         "pt": ("acessibilidade web", "acessibilidade digital"),
         "de": ("Barrierefreiheit im Web", "barrierefreie Webseiten")},
        {"en": ("I audit websites against WCAG 2.1",),
         "fr": ("je fais des audits RGAA",)},
        (("en", "Can a blind visitor use our website?",
          "I tried our site with a screen reader and couldn't even find the donate button. Let's learn how "
          "to make web pages accessible: alt text, headings, keyboard navigation, colour contrast and the "
          "WCAG guidelines."),
         ("en", "Everyone should be able to click the button",
          "I'd like to go through the WCAG checklist with a few people who build or edit websites, and audit "
          "our own pages together with free tools like WAVE and axe."),
         ("de", "Unsere Webseite für alle",
          "Unsere Vereinswebseite ist für viele Menschen schwer zu benutzen. Ich möchte mit euch lernen, wie "
          "man Webseiten barrierefrei macht: Kontraste, Alternativtexte, Bedienung per Tastatur.")),
    ),
    # -- Communication & outreach --------------------------------------------------------------
    Skill(
        "Podcasting",
        {"en": ("Podcasting", "podcasts", "making a podcast", "podcast production", "podcasing"),
         "es": ("pódcast", "hacer podcasts"),
         "fr": ("podcast", "réaliser des podcasts"),
         "pt": ("podcast", "produção de podcasts"),
         "de": ("Podcasts produzieren", "Podcasten")},
        {"en": ("I host a fortnightly podcast about local history",),
         "pt": ("apresento um podcast sobre cultura periférica",)},
        (("en", "Two microphones and an idea",
          "A few of us want to start a show interviewing people from our community. Let's learn how to plan "
          "episodes, record remote guests and publish to the podcast apps."),
         ("en", "Our stories, in your earbuds",
          "I'd like to launch a podcast about the learning circles in our network. We'll go through formats, "
          "hosting, RSS feeds, and recording a pilot episode together."),
         ("pt", "Vamos fazer um podcast",
          "Quero criar um podcast com histórias do bairro. Proponho um círculo para aprender a planejar "
          "episódios, gravar entrevistas e publicar nas plataformas.")),
    ),
)

BY_NAME = {skill.name: skill for skill in SKILLS}

# Circles about two skills at once, where a reader should see both.
TWO_SKILL_CIRCLES: tuple[tuple[frozenset[str], str, str], ...] = (
    (frozenset({"Transcription", "Subtitling"}), "From recording to captions",
     "We have hours of recorded workshops and nothing in writing. I'd like a circle that goes all the way: "
     "transcribing the audio into clean text, then turning the transcripts into timed subtitles for the "
     "videos."),
    (frozenset({"Budgeting", "Grant reporting"}), "Plan the money, then explain it to the funder",
     "Our budgets and our funder reports never match up. Let's learn to build a realistic project budget "
     "and then, at the end of the grant, report spending and results against it."),
    (frozenset({"Repair cafés", "Sewing"}), "A mending table at the repair café",
     "Our repair café fixes lamps and toasters but turns away torn clothes. I'd like a few of us to learn "
     "sewing repairs (patches, seams, zips) so we can add a mending table."),
)

# canonical name, the two ways members type it, the language most people there write in
CITIES: tuple[tuple[str, tuple[str, str], str], ...] = (
    ("Accra", ("Accra", "Accra, Ghana"), "en"),
    ("Nairobi", ("Nairobi", "Nairobi, Kenya"), "en"),
    ("São Paulo", ("São Paulo", "Sao Paulo - SP"), "pt"),
    ("Berlin", ("Berlin", "Berlin, Deutschland"), "de"),
    ("Lyon", ("Lyon", "Lyon, France"), "fr"),
    ("Bogotá", ("Bogotá", "Bogota, Colombia"), "es"),
)
CITY_LANGUAGE = {name: language for name, _, language in CITIES}
NO_CITY_LOCATIONS = (None, None, "online", "Online", "")

LEARN_LEAD_INS: dict[str, tuple[str, ...]] = {
    "en": ("want to learn {}", "I'd like to get better at {}", "interested in {}", "curious about {}"),
    "es": ("quiero aprender {}", "me gustaría aprender {}"),
    "fr": ("j'aimerais apprendre : {}", "envie d'apprendre : {}"),
    "pt": ("quero aprender {}", "gostaria de aprender {}"),
    "de": ("ich möchte lernen: {}", "Interesse: {}", "{} lernen"),
}
AND = {"en": " and ", "es": " y ", "fr": " et ", "pt": " e ", "de": " und "}
FILLER = ("happy to help where I can", "ask me anything", "open to suggestions")

FIRST_NAMES = {
    "en": ("Kwame", "Ama", "Kofi", "Abena", "Yaw", "Efua", "Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri",
           "Mwangi", "Akosua", "Esi", "Chloe", "Tom", "Priya", "Sam", "Grace", "Daniel"),
    "es": ("Camila", "Andrés", "Valentina", "Santiago", "Mariana", "Julián", "Laura", "Felipe", "Daniela",
           "Mateo"),
    "fr": ("Camille", "Julien", "Élodie", "Mathieu", "Léa", "Nicolas", "Amandine", "Hugo", "Claire", "Yannick"),
    "pt": ("João", "Ana", "Thiago", "Juliana", "Lucas", "Fernanda", "Rafael", "Beatriz", "Gabriel", "Larissa"),
    "de": ("Lena", "Jonas", "Miriam", "Felix", "Anke", "Tobias", "Katrin", "Moritz", "Sabine", "Jan"),
}
SURNAMES = {
    "en": ("Mensah", "Owusu", "Asante", "Boateng", "Odhiambo", "Wambui", "Kariuki", "Mutua", "Addo", "Smith",
           "Patel", "Okafor"),
    "es": ("Rodríguez", "Gómez", "Martínez", "Castillo", "Vargas", "Rojas", "Moreno", "Herrera"),
    "fr": ("Martin", "Bernard", "Dubois", "Moreau", "Lefèvre", "Girard", "Roux", "Fournier"),
    "pt": ("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Almeida", "Ferreira"),
    "de": ("Müller", "Schmidt", "Becker", "Wagner", "Hoffmann", "Schulz", "Krüger", "Weber"),
}


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _username(rng: random.Random, language: str, taken: set[str]) -> str:
    first, last = rng.choice(FIRST_NAMES[language]), rng.choice(SURNAMES[language])
    shape = rng.choice(("{first}", "{first}_{last}", "{first}{last_initial}", "{first}.{last}",
                        "{first}{last}", "{first_initial}{last}"))
    base = _ascii(shape.format(first=first, last=last, first_initial=first[0], last_initial=last[0]))
    base = base.lower() if rng.random() < 0.8 else base
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base}{n}" if rng.random() < 0.5 else f"{base}_{rng.randint(10, 99)}"
    taken.add(name.lower())
    return name


def _writing_language(rng: random.Random, city: str | None) -> str:
    local = CITY_LANGUAGE.get(city, "en")
    if local == "en":
        return "en" if rng.random() < 0.92 else rng.choice(("fr", "es", "pt", "de"))
    return local if rng.random() < (0.55 if local == "de" else 0.7) else "en"


def _form(rng: random.Random, skill: Skill, language: str) -> str:
    # People outside English-speaking places still often type the English name.
    if language != "en" and rng.random() < 0.2:
        language = "en"
    return rng.choice(skill.forms[language])


def _share_item(rng: random.Random, skill: Skill, language: str) -> str:
    sentences = skill.doing.get(language, ())
    if sentences and rng.random() < 0.3:
        return rng.choice(sentences)
    return _form(rng, skill, language)


def _join(rng: random.Random, items: list[str]) -> str:
    # Someone who writes sentences puts them on lines of their own or between semicolons.
    sentences = any(len(item) > 30 or "," in item for item in items)
    return rng.choice(("\n", "; ") if sentences else (", ", ", ", "; ", "\n")).join(items)


def _after_learn(language: str, item: str) -> str:
    # "quiero aprender a subtitular vídeos": a verb after "aprender" takes "a" in Spanish and Portuguese.
    verb = language in ("es", "pt") and item.split()[0].endswith(("ar", "er", "ir"))
    return f"a {item}" if verb else item


def _learns_text(rng: random.Random, skills: list[Skill], language: str) -> str:
    if not skills:
        return rng.choice(("", "", "", "", "open to anything")) if rng.random() < 0.3 else ""
    items = [_form(rng, skill, language) for skill in skills]
    roll = rng.random()
    if roll < 0.4:
        return _join(rng, items)
    items = [_after_learn(language, item) for item in items]
    lead_in = rng.choice(LEARN_LEAD_INS[language])
    if roll < 0.75 or len(items) == 1:
        return lead_in.format(AND[language].join(items))
    return "\n".join(rng.choice(LEARN_LEAD_INS[language]).format(item) for item in items)


def members(count: int = 300, *, seed: int = 90417) -> list[Person]:
    rng = random.Random(seed)
    people: list[Person] = []
    taken: set[str] = set()
    for offset in range(count):
        if rng.random() < 0.1:
            city, location = None, rng.choice(NO_CITY_LOCATIONS)
        else:
            city, ways, _ = rng.choice(CITIES)
            location = rng.choice(ways)
        language = _writing_language(rng, city)
        share_count, learn_count = rng.choice((1, 1, 2, 2, 2, 3)), rng.choice((0, 0, 1, 1, 2))
        chosen = rng.sample(SKILLS, share_count + learn_count)
        shares, learns = chosen[:share_count], chosen[share_count:]
        share_items = [_share_item(rng, skill, language) for skill in shares]
        if rng.random() < 0.05:
            share_items.append(rng.choice(FILLER))
        people.append(Person(
            member_id=FIRST_ID + offset,
            username=_username(rng, language, taken),
            shares_text=_join(rng, share_items),
            learns_text=_learns_text(rng, learns, language),
            location=location,
            city=city,
            shares=frozenset(skill.name for skill in shares),
            learns=frozenset(skill.name for skill in learns),
            eligible=rng.random() >= 0.05,
        ))
    return people


MEETING = {
    "en": ("We'll meet in {city} at the public library, Thursdays from 6 to 8 pm.",
           "First session: Saturday at 10:00 in the community centre in {city}.",
           "We meet every other Wednesday evening at a café near the central station in {city}.",
           "I've booked a room at the university in {city} for six Tuesday evenings."),
    "es": ("Nos reunimos en {city}, en la biblioteca del barrio, los sábados a las 10.",
           "Primera sesión el jueves a las 6 de la tarde en el centro cultural, aquí en {city}."),
    "fr": ("On se retrouve à {city}, à la médiathèque, le mardi soir de 18h à 20h.",
           "Première séance samedi à 10h à la maison de quartier, à {city}."),
    "pt": ("Vamos nos encontrar em {city}, na biblioteca do bairro, aos sábados às 10h.",
           "Primeiro encontro na quinta às 19h, no centro cultural, aqui em {city}."),
    "de": ("Wir treffen uns in {city} in der Stadtteilbibliothek, donnerstags von 18 bis 20 Uhr.",
           "Erstes Treffen am Samstag um 10 Uhr im Nachbarschaftstreff in {city}."),
}
ONLINE = {
    "en": ("We'll meet online on Jitsi, Mondays at 19:00 UTC.", "Six weekly sessions, time to be agreed below.",
           "Online, evenings, about an hour each time."),
    "es": ("Nos vemos en línea por Jitsi, los martes a las 7 de la noche.",),
    "fr": ("En ligne sur Jitsi, le lundi à 19h, six semaines.",),
    "pt": ("Os encontros serão online, às terças às 19h.",),
    "de": ("Wir treffen uns online per Jitsi, montags um 19 Uhr.",),
}
WHEN_AND_WHERE = {"en": "When and where", "es": "Cuándo y dónde", "fr": "Quand et où", "pt": "Quando e onde",
                  "de": "Wann und wo"}
WELCOME = {
    "en": ("Everyone welcome, no experience needed.", "Reply here if you'd like to join!",
           "Beginners very welcome. Bring a notebook and your questions.", "Free, and there will be tea."),
    "es": ("Todas y todos son bienvenidos, no hace falta experiencia.", "¡Comenta aquí si te apuntas!"),
    "fr": ("Tout le monde est bienvenu, débutants compris.", "Répondez ici si ça vous intéresse !"),
    "pt": ("Todo mundo é bem-vindo, não precisa de experiência.", "Comenta aqui se quiser participar!"),
    "de": ("Alle sind willkommen, Vorkenntnisse braucht ihr nicht.", "Schreibt hier, wenn ihr dabei seid!"),
}


def _post(rng: random.Random, language: str, sentence: str, city: str | None) -> str:
    logistics = (rng.choice(MEETING[language]).format(city=city) if city
                 else rng.choice(ONLINE[language]) if rng.random() < 0.7 else "")
    welcome = rng.choice(WELCOME[language])
    if logistics and rng.random() < 0.3:
        return f"{sentence}\n\n**{WHEN_AND_WHERE[language]}:** {logistics}\n\n{welcome}"
    return "\n\n".join(part for part in (sentence, f"{logistics} {welcome}".strip()) if part)


def circles(people: list[Person], count: int = 30, *, seed: int = 90418) -> list[Proposal]:
    rng = random.Random(seed)
    sharers: dict[str, list[Person]] = {}
    for person in people:
        if person.eligible:
            for name in person.shares:
                sharers.setdefault(name, []).append(person)
    available = [skill for skill in SKILLS if len(sharers.get(skill.name, ())) >= 2]
    pairs = [pair for pair in TWO_SKILL_CIRCLES if all(len(sharers.get(n, ())) >= 2 for n in pair[0])]
    pairs = pairs[: min(len(pairs), count // 10)]

    order = available[:]
    rng.shuffle(order)
    picks = [order[i % len(order)] for i in range(count - len(pairs))]
    variant_order = {skill.name: rng.sample(range(len(skill.circles)), len(skill.circles)) for skill in order}
    seen: dict[str, int] = {}
    chosen: list[tuple[Skill, int]] = []
    for skill in picks:
        k = seen.get(skill.name, 0)
        seen[skill.name] = k + 1
        chosen.append((skill, variant_order[skill.name][k % len(skill.circles)]))
    # At least three circles (one in ten) are proposed in a language other than English.
    foreign = sum(skill.circles[v][0] != "en" for skill, v in chosen)
    for i, (skill, v) in enumerate(chosen):
        if foreign >= max(3, count // 10):
            break
        other = next(j for j, c in enumerate(skill.circles) if c[0] != "en")
        if skill.circles[v][0] == "en" and seen[skill.name] == 1:
            chosen[i] = (skill, other)
            foreign += 1

    drafts = [(frozenset({skill.name}), *skill.circles[v]) for skill, v in chosen]
    drafts += [(names, "en", title, sentence) for names, title, sentence in pairs]
    rng.shuffle(drafts)

    proposals = []
    for names, language, title, sentence in drafts:
        if rng.random() < 0.6:
            city = next(c for c, _, lang in CITIES if lang == language) if language != "en" \
                else rng.choice(CITIES)[0]
        else:
            city = None
        learners = [p for p in people if p.learns & names]
        author = rng.choice(learners or people)
        proposals.append(Proposal(
            title=title,
            raw=_post(rng, language, sentence, city),
            tags=("proposal",) if rng.random() < 0.1 else (),
            author_id=author.member_id,
            skills=names,
            city=city,
        ))
    return proposals
