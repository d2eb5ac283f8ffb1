"""The sealed held-out matching community: 300 members and 30 proposed circles, never to be tuned on.

Written by an independent author from the taxonomy's skill *names* alone (and the two dataclasses
below): not from its related words, the normalizer, the semantic reader, the engine or the other
synthetic communities, none of which were read. Every phrasing — the ways members type a skill in
English, Spanish, French, Portuguese, German and Swahili, with synonyms, jargon, sentences and typos —
and every circle's prose comes from the author's own knowledge of how people talk. Three skills are
not in the taxonomy at all (`FREE_SKILLS`, labelled with the author's own names): they test whether a
member's free skill still meets a circle meaning the same thing.

Nobody tuning circleup's reading should read this file, and nothing here may be changed after seeing
how circleup scores on it: once its figures are known it is no longer held out.
"""
from __future__ import annotations

import random
import unicodedata

from tests.sync.matching.heldout import Person, Proposal

FIRST_ID = 30001
FREE_SKILLS = ("Pottery", "Chess", "Birdwatching")
LANGUAGES = ("en", "es", "fr", "pt", "de", "sw")

# label -> how people write it. "en", "es", … are names, synonyms, jargon and typos in that language;
# "share" / "learn" are whole English sentences someone types about what they do / want.
SKILLS: dict[str, dict[str, list[str]]] = {
    "Linux": {
        "en": ["Linux", "linux", "GNU/Linux", "Ubuntu", "Linux desktop", "linxu", "Linux (Ubuntu, Fedora)",
               "Debian and Arch", "switching people from Windows to Linux"],
        "share": ["I've run Ubuntu on everything I own since 2012",
                  "I help people move their old laptops from Windows to Linux"],
        "learn": ["getting comfortable with Linux", "I want to ditch Windows and try Linux"],
        "es": ["Linux", "usar Linux en el día a día", "distribuciones Linux", "linux ubuntu"],
        "fr": ["Linux", "utiliser Linux au quotidien", "les distributions Linux"],
        "pt": ["Linux", "usar Linux", "distros Linux"],
        "de": ["Linux", "Linux im Alltag", "Umstieg auf Linux"],
        "sw": ["Linux", "kutumia Linux", "mfumo wa Linux"],
    },
    "Cybersecurity": {
        "en": ["cybersecurity", "Cyber security", "infosec", "InfoSec", "digital security", "cybersecuirty",
               "password managers and 2FA", "threat modelling", "security awareness"],
        "share": ["I run digital safety trainings for journalists",
                  "I teach people to spot phishing and turn on two-factor login"],
        "learn": ["protecting our organisation's accounts from hackers", "how not to get hacked"],
        "es": ["ciberseguridad", "seguridad digital", "seguridad informática", "ciberseguridá"],
        "fr": ["cybersécurité", "sécurité informatique", "sécurité numérique"],
        "pt": ["cibersegurança", "segurança digital", "segurança da informação"],
        "de": ["IT-Sicherheit", "Cybersicherheit", "digitale Selbstverteidigung"],
        "sw": ["usalama wa mtandao", "usalama wa kidijitali", "ulinzi wa akaunti dhidi ya wadukuzi"],
    },
    "WordPress": {
        "en": ["WordPress", "wordpress", "Wordpress sites", "WP themes and plugins", "wordpres",
               "building sites in WordPress", "Elementor / Gutenberg"],
        "share": ["I set up and look after WordPress sites for small charities",
                  "I built our church website on WordPress"],
        "learn": ["updating our WordPress site without breaking it", "making a website with wordpress"],
        "es": ["WordPress", "crear páginas en WordPress", "plantillas de WordPress"],
        "fr": ["WordPress", "créer un site sous WordPress", "thèmes WordPress"],
        "pt": ["WordPress", "criar site no WordPress", "wordpress"],
        "de": ["WordPress", "Webseiten mit WordPress"],
        "sw": ["WordPress", "kutengeneza tovuti kwa WordPress"],
    },
    "Wikidata": {
        "en": ["Wikidata", "wikidata", "WikiData", "wikdata", "QuickStatements",
               "adding items and statements on Wikidata", "Wikidata items and properties"],
        "share": ["I've made over ten thousand edits on Wikidata",
                  "I model museum collections as Wikidata items"],
        "learn": ["how Wikidata items and properties work", "getting started on wikidata"],
        "es": ["Wikidata", "editar en Wikidata", "elementos de Wikidata"],
        "fr": ["Wikidata", "contribuer à Wikidata"],
        "pt": ["Wikidata", "editar o Wikidata"],
        "de": ["Wikidata", "Datenobjekte in Wikidata anlegen"],
        "sw": ["Wikidata", "kuhariri Wikidata"],
    },
    "Wikimedia Commons": {
        "en": ["Wikimedia Commons", "Commons", "commons uploads", "wiki commons", "WikiCommons",
               "Wikimeda Commons", "categorising media on Commons", "uploading photos to Wikimedia Commons"],
        "share": ["I've uploaded a few thousand pictures to Wikimedia Commons",
                  "I upload and categorise old photos of my town on Commons"],
        "learn": ["how to get our archive's photos onto Commons", "uploading pictures to Wikimedia Commons"],
        "es": ["Wikimedia Commons", "subir fotos a Commons"],
        "fr": ["Wikimedia Commons", "téléverser des images sur Commons"],
        "pt": ["Wikimedia Commons", "carregar imagens no Commons"],
        "de": ["Wikimedia Commons", "Bilder auf Commons hochladen"],
        "sw": ["Wikimedia Commons", "kupakia picha kwenye Commons"],
    },
    "Wiktionary": {
        "en": ["Wiktionary", "wiktionary", "Wikitionary", "adding words to Wiktionary",
               "dictionary entries on Wiktionary", "wiktionary editing"],
        "share": ["I write Wiktionary entries for Luo words",
                  "I add pronunciations and etymologies to Wiktionary"],
        "learn": ["how to add my language's words to Wiktionary"],
        "es": ["Wikcionario", "editar el Wikcionario"],
        "fr": ["Wiktionnaire", "contribuer au Wiktionnaire"],
        "pt": ["Wikcionário", "verbetes no Wikcionário"],
        "de": ["Wiktionary", "Wörterbuchartikel im Wiktionary"],
        "sw": ["Wiktionary", "kuongeza maneno ya Kiswahili kwenye Wiktionary"],
    },
    "Proofreading": {
        "en": ["proofreading", "Proof reading", "proof-reading", "copy editing", "catching typos",
               "proofreding", "checking grammar and spelling", "PROOFREADING"],
        "share": ["I proofread theses and reports for friends",
                  "I'm the one who spots every typo in a document"],
        "learn": ["getting better at checking my own spelling and grammar"],
        "es": ["corrección de textos", "corrección ortotipográfica", "revisión de estilo"],
        "fr": ["relecture", "correction de textes", "relecture et correction"],
        "pt": ["revisão de textos", "revisão ortográfica"],
        "de": ["Korrekturlesen", "Lektorat", "Texte korrigieren"],
        "sw": ["kusahihisha maandishi", "kuhakiki makosa ya tahajia"],
    },
    "Language teaching": {
        "en": ["language teaching", "teaching English as a foreign language", "TEFL", "ESL teacher",
               "teaching languages", "langauge teaching", "conversation classes for learners"],
        "share": ["I teach Swahili to expats on weekends", "I've taught French to adults for ten years"],
        "learn": ["how to teach my mother tongue to others"],
        "es": ["enseñanza de idiomas", "profesora de español para extranjeros", "clases de idiomas"],
        "fr": ["enseignement des langues", "FLE (français langue étrangère)", "donner des cours de langue"],
        "pt": ["ensino de idiomas", "professora de português para estrangeiros"],
        "de": ["Sprachunterricht", "Deutsch als Fremdsprache (DaF)", "Sprachen unterrichten"],
        "sw": ["kufundisha lugha", "kufundisha Kiswahili kwa wageni"],
    },
    "Mentoring": {
        "en": ["mentoring", "mentorship", "Mentor", "mentering", "one-to-one mentoring", "career mentoring",
               "being a mentor to juniors"],
        "share": ["I meet every month with three mentees", "I've mentored a dozen early-career developers"],
        "learn": ["how to be a good mentor", "supporting a mentee without doing the work for them"],
        "es": ["mentoría", "mentorías", "acompañar como mentora"],
        "fr": ["mentorat", "parrainage de jeunes professionnels"],
        "pt": ["mentoria", "ser mentor"],
        "de": ["Mentoring", "Mentorin sein", "Mentoring für Berufseinsteiger"],
        "sw": ["ushauri elekezi", "kuwa mshauri wa vijana", "umentori"],
    },
    "Consensus decision-making": {
        "en": ["consensus decision making", "consensus decision-making", "sociocracy", "consent-based decisions",
               "consensous", "running meetings by consensus", "making decisions together without voting"],
        "share": ["our housing co-op decides everything by consensus and I've learnt how",
                  "I've used sociocracy in two co-ops"],
        "learn": ["how groups reach decisions everyone can live with"],
        "es": ["toma de decisiones por consenso", "sociocracia", "decidir en asamblea por consenso"],
        "fr": ["prise de décision par consensus", "sociocratie", "décision par consentement"],
        "pt": ["tomada de decisão por consenso", "sociocracia"],
        "de": ["Konsensentscheidungen", "Soziokratie", "Entscheidungsfindung im Konsens"],
        "sw": ["kufanya maamuzi kwa maridhiano", "maamuzi ya pamoja bila kura"],
    },
    "Online moderation": {
        "en": ["online moderation", "forum moderation", "moderating Discord servers", "Facebook group admin",
               "content moderation", "modding subreddits", "moderaton", "keeping online discussions civil"],
        "share": ["I moderate a 40k-member Facebook group", "I've been a Discord mod for years"],
        "learn": ["handling trolls in our group chat"],
        "es": ["moderación de comunidades en línea", "moderar foros", "moderación de grupos de WhatsApp"],
        "fr": ["modération en ligne", "modérer des forums"],
        "pt": ["moderação de comunidades online", "moderar grupos"],
        "de": ["Moderation von Online-Foren", "Forenmoderation"],
        "sw": ["kusimamia majukwaa ya mtandaoni", "msimamizi wa kundi la WhatsApp"],
    },
    "Hackathon organising": {
        "en": ["hackathon organising", "organizing hackathons", "running hackathons", "hack days",
               "Hackaton organisation", "hack weekends"],
        "share": ["I've run four civic tech hackathons", "I organise our yearly hack weekend"],
        "learn": ["how to put on a hackathon people actually finish"],
        "es": ["organización de hackatones", "organizar hackathons"],
        "fr": ["organisation de hackathons", "organiser un hackathon"],
        "pt": ["organização de hackathons", "organizar hackathon"],
        "de": ["Hackathons organisieren", "Hackathon-Organisation"],
        "sw": ["kuandaa hackathon", "uandaaji wa hackathon"],
    },
    "Newsletters": {
        "en": ["newsletters", "email newsletters", "Mailchimp", "newsleters", "Substack", "e-bulletins",
               "writing our monthly newsletter"],
        "share": ["I write and send our monthly members' newsletter", "I put together a weekly email digest"],
        "learn": ["starting a newsletter people actually open"],
        "es": ["boletines", "boletín informativo", "newsletter por correo"],
        "fr": ["lettres d'information", "infolettre", "newsletter"],
        "pt": ["newsletters", "boletim informativo por e-mail"],
        "de": ["Newsletter", "Newsletter schreiben und versenden", "Rundbrief"],
        "sw": ["jarida la barua pepe", "kuandika majarida"],
    },
    "Data visualisation": {
        "en": ["data visualisation", "data visualization", "dataviz", "charts and graphs", "Tableau", "D3",
               "data vis", "data visualistion", "making charts"],
        "share": ["I turn messy numbers into charts people understand",
                  "I build dashboards in Tableau and Flourish"],
        "learn": ["making clear charts from our numbers"],
        "es": ["visualización de datos", "gráficos y dashboards", "visualizar datos"],
        "fr": ["visualisation de données", "dataviz", "faire des graphiques"],
        "pt": ["visualização de dados", "gráficos e painéis"],
        "de": ["Datenvisualisierung", "Diagramme erstellen", "Dashboards bauen"],
        "sw": ["uonyeshaji wa data kwa michoro", "kutengeneza chati za data"],
    },
    "Fact-checking": {
        "en": ["fact-checking", "fact checking", "factchecking", "verifying claims", "debunking misinformation",
               "OSINT verification", "fact-cheking", "checking viral rumours"],
        "share": ["I verify viral photos and claims for a local newsroom", "I used to work on a fact-check desk"],
        "learn": ["how to check if a story is true before sharing it"],
        "es": ["verificación de datos", "chequeo de datos", "fact-checking", "desmentir bulos"],
        "fr": ["vérification des faits", "fact-checking", "lutte contre les infox"],
        "pt": ["checagem de fatos", "verificação de informações", "combate a fake news"],
        "de": ["Faktencheck", "Faktenprüfung", "Falschmeldungen prüfen"],
        "sw": ["uhakiki wa ukweli", "kuhakiki habari za uongo"],
    },
    "Digital literacy": {
        "en": ["digital literacy", "digital skills", "basic computer skills", "computer basics", "digital inclusion",
               "digitial literacy", "getting people online", "helping older people use smartphones"],
        "share": ["I teach seniors how to use email and video calls",
                  "I run drop-in sessions helping people with their phones"],
        "learn": ["I'm not great with computers and want to learn the basics"],
        "es": ["alfabetización digital", "competencias digitales",
               "enseñar a usar el celular a personas mayores"],
        "fr": ["littératie numérique", "inclusion numérique", "compétences numériques de base"],
        "pt": ["letramento digital", "inclusão digital", "alfabetização digital"],
        "de": ["digitale Grundbildung", "digitale Kompetenzen", "Senioren ans Smartphone bringen"],
        "sw": ["ujuzi wa kidijitali", "elimu ya kompyuta kwa wazee", "kujua kutumia kompyuta"],
    },
    "Lesson planning": {
        "en": ["lesson planning", "lesson plans", "planning lessons", "writing lesson plans", "schemes of work",
               "lesson plannning", "structuring a class session"],
        "share": ["I've written primary science lesson plans for years",
                  "I plan the weekly sessions for our after-school club"],
        "learn": ["planning a class that fits in an hour"],
        "es": ["planificación de clases", "planes de clase", "preparar clases"],
        "fr": ["préparation de cours", "fiches de préparation", "planification des séances"],
        "pt": ["planejamento de aulas", "plano de aula"],
        "de": ["Unterrichtsplanung", "Stundenentwürfe", "Unterricht vorbereiten"],
        "sw": ["maandalizi ya somo", "mpango wa somo", "andalio la somo"],
    },
    "Illustration": {
        "en": ["illustration", "drawing", "digital illustration", "Procreate", "sketching", "ilustration",
               "comics and character design", "illustrating children's books"],
        "share": ["I draw the pictures for our zine", "I illustrate picture books"],
        "learn": ["drawing people and hands that look right"],
        "es": ["ilustración", "dibujo", "ilustración digital"],
        "fr": ["illustration", "dessin", "illustration jeunesse"],
        "pt": ["ilustração", "desenho", "ilustração digital"],
        "de": ["Illustration", "Zeichnen", "Kinderbuchillustration"],
        "sw": ["uchoraji", "kuchora vielelezo", "michoro ya vitabu vya watoto"],
    },
    "Audio editing": {
        "en": ["audio editing", "sound editing", "Audacity", "editing audio", "cleaning up recordings",
               "Adobe Audition", "audio editting", "removing background noise from interviews"],
        "share": ["I edit radio interviews in Audacity and Reaper", "I clean up noisy field recordings"],
        "learn": ["making voice recordings sound less echoey"],
        "es": ["edición de audio", "editar sonido", "edición de sonido"],
        "fr": ["montage audio", "montage son", "édition audio"],
        "pt": ["edição de áudio", "edição de som"],
        "de": ["Audioschnitt", "Tonbearbeitung", "Audio bearbeiten"],
        "sw": ["kuhariri sauti", "uhariri wa sauti"],
    },
    "Accounting": {
        "en": ["accounting", "bookkeeping", "book-keeping", "keeping the books", "double-entry bookkeeping",
               "Xero and QuickBooks", "acounting", "year-end accounts"],
        "share": ["I keep the books for our co-op", "I do the bookkeeping for three small charities"],
        "learn": ["reading a balance sheet without panicking"],
        "es": ["contabilidad", "llevar las cuentas", "teneduría de libros"],
        "fr": ["comptabilité", "tenue de comptes", "tenir la compta"],
        "pt": ["contabilidade", "escrituração contábil"],
        "de": ["Buchhaltung", "Buchführung", "doppelte Buchführung"],
        "sw": ["uhasibu", "kutunza vitabu vya hesabu"],
    },
    "Governance": {
        "en": ["governance", "board governance", "bylaws and constitutions", "being a trustee", "goverance",
               "good governance for associations", "writing a constitution for our association"],
        "share": ["I've sat on three charity boards and chaired one", "I help associations draft their statutes"],
        "learn": ["what a board is actually responsible for"],
        "es": ["gobernanza", "gobierno de organizaciones", "estatutos y juntas directivas"],
        "fr": ["gouvernance associative", "gouvernance", "statuts et conseil d'administration"],
        "pt": ["governança", "governança de associações", "estatuto e conselho"],
        "de": ["Governance", "Vorstandsarbeit", "Satzungen und Gremien"],
        "sw": ["utawala bora", "uongozi wa bodi", "katiba ya chama"],
    },
    "Negotiation": {
        "en": ["negotiation", "negotiating", "negociation", "contract negotiation", "salary negotiation",
               "getting a better deal", "win-win bargaining"],
        "share": ["I negotiate venue and supplier contracts for a living", "I've bargained for a tenants' union"],
        "learn": ["asking for what I'm worth without freezing up"],
        "es": ["negociación", "negociar contratos", "saber negociar"],
        "fr": ["négociation", "négocier", "techniques de négociation"],
        "pt": ["negociação", "negociar", "técnicas de negociação"],
        "de": ["Verhandlung", "Verhandlungsführung", "verhandeln"],
        "sw": ["majadiliano", "ustadi wa kujadiliana", "kujadiliana bei"],
    },
    "Woodworking": {
        "en": ["woodworking", "carpentry", "joinery", "wood work", "making furniture", "woodturning",
               "hand tools and chisels", "wood-working", "Woodwork"],
        "share": ["I build furniture from reclaimed timber", "I do joinery in our shared workshop"],
        "learn": ["making a simple shelf that doesn't wobble"],
        "es": ["carpintería", "trabajar la madera", "ebanistería"],
        "fr": ["menuiserie", "travail du bois", "ébénisterie"],
        "pt": ["marcenaria", "carpintaria", "trabalhar com madeira"],
        "de": ["Holzarbeiten", "Tischlern", "Schreinerei"],
        "sw": ["useremala", "kazi za mbao", "kutengeneza samani"],
    },
    "Computer repair": {
        "en": ["computer repair", "fixing laptops", "PC repair", "replacing laptop screens and batteries",
               "reviving old computers", "computer repiar", "hardware troubleshooting", "building PCs"],
        "share": ["I fix laptops for friends and neighbours", "I refurbish donated computers for schools"],
        "learn": ["opening up my laptop without breaking it"],
        "es": ["reparación de computadoras", "arreglar ordenadores", "reparar portátiles"],
        "fr": ["réparation d'ordinateurs", "dépannage informatique", "réparer des PC"],
        "pt": ["conserto de computadores", "manutenção de computadores", "reparar notebooks"],
        "de": ["Computerreparatur", "Laptops reparieren", "PC-Reparatur"],
        "sw": ["kutengeneza kompyuta", "ufundi wa kompyuta", "kurekebisha laptop"],
    },
    "Pottery": {
        "en": ["pottery", "ceramics", "wheel throwing", "hand-building with clay", "glazing", "potery",
               "throwing pots", "raku firing"],
        "share": ["I throw pots on the wheel at a community studio", "I've been hand-building ceramics for years"],
        "learn": ["getting clay to stay centred on the wheel"],
        "es": ["cerámica", "alfarería", "torno de alfarero"],
        "fr": ["poterie", "céramique", "tournage de poterie"],
        "pt": ["cerâmica", "olaria", "torno de cerâmica"],
        "de": ["Töpfern", "Keramik", "Drehen an der Töpferscheibe"],
        "sw": ["ufinyanzi", "kufinyanga vyungu"],
    },
    "Chess": {
        "en": ["chess", "Chess", "chess openings", "playing chess", "chess coaching", "chesss",
               "endgames and tactics", "blitz chess"],
        "share": ["I've played club chess for twenty years", "I coach chess at a primary school"],
        "learn": ["getting past beginner level in chess"],
        "es": ["ajedrez", "jugar al ajedrez", "aperturas de ajedrez"],
        "fr": ["échecs", "jouer aux échecs", "ouvertures aux échecs"],
        "pt": ["xadrez", "jogar xadrez"],
        "de": ["Schach", "Schachspielen", "Schacheröffnungen"],
        "sw": ["sataranji", "kucheza sataranji", "chesi"],
    },
    "Birdwatching": {
        "en": ["birdwatching", "birding", "bird watching", "bird identification", "identifying birds by song",
               "birdwatchin", "eBird counts"],
        "share": ["I lead early-morning bird walks", "I can tell most local birds by their call"],
        "learn": ["telling warblers apart"],
        "es": ["observación de aves", "pajarear", "avistamiento de aves"],
        "fr": ["observation des oiseaux", "ornithologie amateur"],
        "pt": ["observação de aves", "passarinhar"],
        "de": ["Vogelbeobachtung", "Vögel bestimmen"],
        "sw": ["kutazama ndege", "kutambua ndege"],
    },
}

# A phrase inside a short sentence, as people write in their own language.
SHARE_FRAMES = {
    "en": ["I can help with {}", "{} (10+ years)", "good at {}"],
    "es": ["tengo experiencia en {}", "sé bastante de {}"],
    "fr": ["j'ai de l'expérience en {}", "je me débrouille en {}"],
    "pt": ["tenho experiência em {}", "manjo de {}"],
    "de": ["Erfahrung mit {}", "ich kenne mich mit {} aus"],
    "sw": ["nina uzoefu wa {}", "naweza kusaidia {}"],
}
LEARN_FRAMES = {
    "en": ["want to learn {}", "{} basics", "curious about {}"],
    "es": ["quiero aprender {}", "me gustaría aprender {}"],
    "fr": ["j'aimerais me former en {}", "envie d'apprendre : {}"],
    "pt": ["quero aprender {}", "gostaria de aprender {}"],
    "de": ["würde gern {} lernen", "möchte {} lernen"],
    "sw": ["nataka kujifunza {}", "ningependa kujifunza {}"],
}
AND = {"en": " and ", "es": " y ", "fr": " et ", "pt": " e ", "de": " und ", "sw": " na "}
ASIDES = {
    "en": ["happy to help!", "ask me anything"],
    "es": ["¡con gusto ayudo!"],
    "fr": ["n'hésitez pas !"],
    "pt": ["bora!"],
    "de": ["gern auch spontan"],
    "sw": ["karibuni!"],
}

# canonical city -> (writing languages with weights, how people type it, first names, family names)
CITIES: dict[str, tuple[dict[str, float], list[str], list[str], list[str]]] = {
    "Manchester": ({"en": 1.0}, ["Manchester", "manchester", "Manchester, UK", "Manchester, England"],
                   ["Oliver", "Aisha", "Callum", "Priya", "Sophie", "Kieran", "Zainab", "Liam", "Megan", "Declan",
                    "Tariq", "Ruth"],
                   ["Hughes", "Khan", "Walsh", "Patel", "Brennan", "Ahmed", "Doyle", "Shaw"]),
    "Pune": ({"en": 1.0}, ["Pune", "Pune, India", "pune", "Pune, Maharashtra"],
             ["Aditya", "Sneha", "Rohan", "Pooja", "Vikram", "Ananya", "Siddharth", "Kavya", "Nikhil", "Shruti",
              "Omkar", "Gauri"],
             ["Kulkarni", "Deshpande", "Joshi", "Patil", "Gokhale", "Jadhav", "Shinde", "Apte"]),
    "Nairobi": ({"en": 0.6, "sw": 0.4}, ["Nairobi", "Nairobi, Kenya", "nairobi", "Nairobi, KE"],
                ["Brian", "Faith", "Kevin", "Mercy", "Dennis", "Cynthia", "Wanjiru", "Achieng", "Njeri", "Baraka",
                 "Collins", "Sharon"],
                ["Otieno", "Kamau", "Mwangi", "Odhiambo", "Wambui", "Kiprotich", "Mutua", "Chebet"]),
    "Dar es Salaam": ({"sw": 0.75, "en": 0.25},
                      ["Dar es Salaam", "Dar es Salaam, Tanzania", "dar es salaam", "Dar-es-Salaam"],
                      ["Neema", "Juma", "Amani", "Zawadi", "Halima", "Rehema", "Saidi", "Upendo", "Hamisi",
                       "Furaha", "Mwanaisha", "Baraka"],
                      ["Mushi", "Mollel", "Massawe", "Kimaro", "Said", "Mrema", "Lyimo", "Shirima"]),
    "Bogotá": ({"es": 0.85, "en": 0.15}, ["Bogotá", "Bogota", "Bogotá, Colombia", "bogota D.C."],
               ["Camila", "Santiago", "Valentina", "Andrés", "Juliana", "Felipe", "Daniela", "Mateo", "Laura",
                "Sebastián", "Natalia", "Julián"],
               ["Rodríguez", "Gómez", "Martínez", "Rojas", "Vargas", "Castillo", "Moreno", "Cárdenas"]),
    "Porto Alegre": ({"pt": 0.85, "en": 0.15},
                     ["Porto Alegre", "Porto Alegre, RS", "porto alegre - rs", "Porto Alegre, Brasil"],
                     ["Thiago", "Larissa", "Gabriel", "Beatriz", "Rafael", "Luana", "Bruno", "Fernanda", "Lucas",
                      "Mariana", "Vinícius", "Letícia"],
                     ["Silva", "Souza", "Oliveira", "Pereira", "Schmitt", "Becker", "Costa", "Rocha"]),
    "Lyon": ({"fr": 0.85, "en": 0.15}, ["Lyon", "Lyon, France", "lyon", "Lyon (69)"],
             ["Camille", "Léa", "Hugo", "Manon", "Théo", "Chloé", "Antoine", "Inès", "Mathis", "Sarah", "Julien",
              "Margaux"],
             ["Martin", "Bernard", "Dubois", "Girard", "Roux", "Fontaine", "Mercier", "Benali"]),
    "Leipzig": ({"de": 0.8, "en": 0.2}, ["Leipzig", "Leipzig, Deutschland", "leipzig", "Leipzig, Germany"],
                ["Jonas", "Lena", "Felix", "Marie", "Lukas", "Hannah", "Moritz", "Jana", "Paul", "Clara", "Tobias",
                 "Frieda"],
                ["Müller", "Schmidt", "Wagner", "Becker", "Hoffmann", "Krause", "Richter", "Lehmann"]),
}
NOWHERE = [None, "", "Online", "online", "Earth", "the internet", "Remote", "everywhere & nowhere"]
NOWHERE_LANGUAGES = {"en": 0.7, "es": 0.08, "fr": 0.06, "pt": 0.06, "de": 0.05, "sw": 0.05}


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _handle(rng: random.Random, first: str, last: str, taken: set[str]) -> str:
    first, last = _ascii(first), _ascii(last)
    style = rng.randrange(5)
    name = [f"{first}{last[0]}", f"{first.lower()}_{last.lower()}", f"{first.lower()}{rng.randrange(10, 99)}",
            f"{first.lower()}.{last.lower()}", f"{first[0].lower()}{last.lower()}"][style]
    handle, n = name, 2
    while handle.lower() in taken:
        handle, n = f"{name}{n}", n + 1
    taken.add(handle.lower())
    return handle


def _mention(rng: random.Random, skill: str, language: str, wanting: bool) -> str:
    bank = SKILLS[skill]
    roll = rng.random()
    if language == "en":
        if roll < 0.2:
            return rng.choice(bank["learn" if wanting else "share"])
        phrase = rng.choice(bank["en"])
    else:
        phrase = rng.choice(bank["en"] if roll < 0.2 else bank[language])
    if rng.random() < 0.15:
        return rng.choice((LEARN_FRAMES if wanting else SHARE_FRAMES)[language]).format(phrase)
    return phrase


def _field(rng: random.Random, skills: list[str], language: str, wanting: bool) -> str:
    items = [_mention(rng, skill, language, wanting) for skill in skills]
    if not items:
        return rng.choice(["", "", "-", "not sure yet"]) if language == "en" else ""
    if any(" " in item and len(item) > 30 for item in items):
        text = rng.choice(["\n", "\n", ". "]).join(items)
    elif len(items) == 1:
        text = items[0]
    else:
        separator = rng.choice([", ", ", ", ",", "\n", "; ", " / "])
        text = separator.join(items[:-1]) + rng.choice([separator, AND[language]]) + items[-1]
    if not wanting and rng.random() < 0.05:
        text += rng.choice([" — ", "\n"]) + rng.choice(ASIDES[language])
    if rng.random() < 0.08:
        text = text.lower()
    return text


def members(count: int = 300, *, seed: int = 30301) -> list[Person]:
    rng = random.Random(seed)
    labels = list(SKILLS)
    # Every skill is somebody's main one about equally often, so every circle has people to suggest.
    main_skills = [labels[i % len(labels)] for i in range(count)]
    rng.shuffle(main_skills)
    cities = list(CITIES)
    taken: set[str] = set()
    people = []
    for offset, main in enumerate(main_skills):
        if rng.random() < 0.1:
            city, location = None, rng.choice(NOWHERE)
            language = _weighted(rng, NOWHERE_LANGUAGES)
            home = CITIES[rng.choice(cities)]
        else:
            city = rng.choice(cities)
            home = CITIES[city]
            location, language = rng.choice(home[1]), _weighted(rng, home[0])
        others = [label for label in labels if label != main]
        shares = [main] + rng.sample(others, rng.choices([0, 1, 2], weights=[45, 35, 20])[0])
        learns = rng.sample([label for label in others if label not in shares],
                            rng.choices([0, 1, 2], weights=[25, 45, 30])[0])
        people.append(Person(
            member_id=FIRST_ID + offset,
            username=_handle(rng, rng.choice(home[2]), rng.choice(home[3]), taken),
            shares_text=_field(rng, shares, language, wanting=False),
            learns_text=_field(rng, learns, language, wanting=True),
            location=location,
            city=city,
            shares=frozenset(shares),
            learns=frozenset(learns),
            eligible=rng.random() >= 0.05,
        ))
    return people


# (title, first post, tags, skills, city) — written as members propose circles on the forum.
WRITTEN_CIRCLES: list[tuple[str, str, tuple[str, ...], tuple[str, ...], str | None]] = [
    ("Getting the co-op's ledgers in shape before April",
     "Our food co-op in Levenshulme has a treasurer who is moving away in spring, and right now she is the only "
     "one who understands how the money gets recorded. I'd like a handful of us to learn to keep proper books "
     "together: debits and credits, reconciling the bank statement, the year-end accounts. We could meet on "
     "Tuesday evenings at Levenshulme Library, 7 to 8:30. If you already do this for a living or for another "
     "group in Manchester, you'd be a godsend.",
     (), ("Accounting",), "Manchester"),
    ("After the fake bank SMS went round our society",
     "Three people in our housing society lost money to a fake KYC message last month, and a couple of us "
     "realised we don't really know how to protect our own accounts either. I'd like to start a small group on "
     "staying safe: strong passwords, two-factor login, spotting phishing, what to do if your WhatsApp is taken "
     "over. We can use the community hall in Kothrud on Sunday mornings. Anyone in Pune who works in security, "
     "please join and keep us honest.",
     (), ("Cybersecurity",), "Pune"),
    ("Las colecciones de los museos pequeños de La Candelaria",
     "Varios museos pequeños del centro de Bogotá tienen sus piezas catalogadas solo en fichas de papel o en "
     "PDF. La idea es crear elementos en Wikidata para cada objeto y cada artista, con sus propiedades, para "
     "que cualquiera pueda consultarlos. Nos reuniríamos los sábados por la tarde en la Biblioteca Luis Ángel "
     "Arango, cada quien con su portátil. No hace falta experiencia, pero si ya editas en Wikidata nos vendría "
     "muy bien tu ayuda.",
     ("wikidata",), ("Wikidata",), "Bogotá"),
    ("Les mains dans la terre, le mercredi soir",
     "La maison des associations de la Croix-Rousse nous prête une salle avec un tour et un petit four. Je "
     "voudrais monter un groupe pour apprendre ensemble le modelage, le tournage et l'émaillage, à notre rythme. "
     "Rendez-vous le mercredi de 19h à 21h à Lyon, à partir de janvier. Si tu pratiques déjà la céramique, viens "
     "partager tes astuces !",
     (), ("Pottery",), "Lyon"),
    ("Eine Werkbank für alle in Connewitz",
     "Im Stadtteilladen in Connewitz steht seit kurzem eine alte Hobelbank, und wir haben eine Kiste voller "
     "Sägen, Stemmeisen und Hobel geschenkt bekommen. Ich möchte eine Gruppe starten, in der wir gemeinsam "
     "lernen, einfache Möbel aus Altholz zu bauen: einen Hocker, ein Regal, Schwalbenschwanzverbindungen für die "
     "Mutigen. Treffen samstags ab 10 Uhr, das Holz bringen wir mit. Wer in Leipzig schon tischlert, ist herzlich "
     "eingeladen, uns über die Schulter schauen zu lassen.",
     (), ("Woodworking",), "Leipzig"),
    ("Wageni wanaotaka kuzungumza kama wenyeji",
     "Kila mwaka wageni wengi wanakuja Dar es Salaam na wanaomba mtu wa kuwafundisha Kiswahili, lakini wengi "
     "wetu hatujui jinsi ya kufundisha lugha yetu wenyewe. Nataka kuanzisha kikundi cha kujifunza mbinu za "
     "kufundisha lugha: mazungumzo, sarufi rahisi, michezo ya maneno. Tutakutana kila Jumamosi saa nne asubuhi "
     "katika Maktaba Kuu, barabara ya Bibi Titi. Kama wewe ni mwalimu wa lugha, karibu sana utushirikishe "
     "uzoefu wako.",
     (), ("Language teaching",), "Dar es Salaam"),
    ("Nobody opens our monthly email",
     "We send a monthly update to about 900 supporters and the open rate has dropped to 14%. I'd like to get a "
     "few people together to work out how to write one people look forward to: subject lines, length, what to "
     "put first, how often to send. We'd meet on a video call every other Thursday at 18:00 UTC for six weeks. "
     "Bring the last issue you sent, or one you love receiving.",
     (), ("Newsletters",), None),
    ("Madrugadas na Redenção",
     "Quem topa acordar cedo aos domingos para passarinhar no Parque Farroupilha? Quero formar um grupo para "
     "aprender a identificar as aves de Porto Alegre pelo canto e pela plumagem: sabiá, quero-quero, bem-te-vi "
     "e os que a gente ainda não conhece. Encontro às 6h30 junto ao espelho d'água, traga binóculo se tiver. Se "
     "você já faz observação de aves há tempo, sua ajuda vai ser ouro.",
     (), ("Birdwatching",), "Porto Alegre"),
    ("Sixty-four squares on Sunday afternoons",
     "A few of us have been playing on our phones and would like to get properly good together: openings, "
     "tactics puzzles, endgames, maybe a small tournament in March. McMillan Memorial Library in Nairobi has "
     "agreed to let us use a reading room on Sundays from 2pm. Beginners very welcome; we'd love a couple of "
     "strong club players to show us the ropes.",
     (), ("Chess",), "Nairobi"),
    ("Pictures for the articles that have none",
     "Loads of articles about Manchester's history have no image at all, because nobody has a free one to "
     "give. I'd like to get a group drawing them (the mills that were knocked down, portraits from old "
     "descriptions, simple diagrams) and uploading the drawings to Wikimedia Commons with proper categories and "
     "descriptions so any article can use them. We'd meet at Manchester Central Library on the first Saturday of "
     "the month, 11 till 2. Sketchbooks and tablets both welcome.",
     (), ("Illustration", "Wikimedia Commons"), "Manchester"),
    ("Fifty donated laptops and a weekend",
     "A company in Hinjewadi has donated fifty old laptops to a school in Pune, but most are slow, some won't "
     "boot and a few have dead batteries. I'd like a group that learns to open them up, swap RAM, disks and "
     "batteries, and then put Ubuntu on them so they run well again. We'd work at the community centre in Aundh "
     "on Saturdays, 10am to 4pm, lunch provided. Hardware people and Linux people both needed.",
     ("linux",), ("Linux", "Computer repair"), "Pune"),
    ("Charts that lie, and how to catch them",
     "Every election season the same misleading graphs go round: cut-off axes, cherry-picked years, "
     "percentages of percentages. I'd like a group that learns both sides: checking whether a claim and its "
     "numbers hold up, and drawing honest charts that show what the data really says. Online, Wednesdays at "
     "17:00 UTC, about an hour, eight sessions. Newsroom verification people and chart makers especially welcome.",
     (), ("Data visualisation", "Fact-checking"), None),
    ("Unser Hausprojekt braucht eine Satzung, die zu uns passt",
     "Wir sind ein Hausprojekt in Plagwitz mit 23 Bewohner*innen und gründen gerade einen Verein. Wir wollen "
     "lernen, wie man eine Satzung schreibt, wofür ein Vorstand verantwortlich ist und wie wir trotzdem alle "
     "wichtigen Dinge im Konsens oder per Konsent entscheiden können. Treffen jeden zweiten Montag um 19 Uhr im "
     "Gemeinschaftsraum in der Karl-Heine-Straße, Leipzig. Menschen mit Erfahrung in Vereinsvorständen oder "
     "Soziokratie sind sehr willkommen.",
     (), ("Governance", "Consensus decision-making"), "Leipzig"),
    ("Wazee wetu na simu janja",
     "Wazazi na babu zetu wengi hapa Nairobi wamepewa simu janja lakini hawajui kutuma pesa, kupiga simu ya "
     "video au kusoma ujumbe. Ningependa tuanzishe kikundi cha kujifunza jinsi ya kuwafundisha matumizi ya "
     "msingi ya simu na kompyuta kwa subira. Tutakutana kila Jumanne saa kumi jioni katika kituo cha jamii cha "
     "Kibera. Karibu kila mtu, hasa wale ambao tayari wanawasaidia wazee.",
     (), ("Digital literacy",), "Nairobi"),
    ("Pedir lo que vale tu trabajo sin que te tiemble la voz",
     "Muchas de las que trabajamos por cuenta propia en Bogotá aceptamos la primera oferta porque no sabemos "
     "regatear ni defender una tarifa. Propongo un círculo para practicar: preparar la conversación, conocer "
     "nuestro límite, responder a un 'no' y cerrar acuerdos con clientes y arrendadores. Nos veríamos los jueves "
     "a las 6 p. m. en la Biblioteca Pública El Tintal. Si negocias contratos en tu trabajo, ¡te necesitamos!",
     (), ("Negotiation",), "Bogotá"),
    ("La chasse aux coquilles",
     "Notre petite maison d'édition associative publie quatre livres par an et, à chaque fois, des fautes "
     "passent entre les mailles. J'aimerais un groupe pour apprendre à relire correctement : orthographe, "
     "accords, ponctuation, cohérence d'un bout à l'autre. On se retrouverait un jeudi sur deux à 18h30 à la "
     "bibliothèque de la Part-Dieu, à Lyon. Correcteurs et correctrices chevronnés bienvenus !",
     (), ("Proofreading",), "Lyon"),
    ("O site da associação de moradores está abandonado",
     "A associação de moradores do Bom Fim tem um site em WordPress que ninguém atualiza desde 2021: os plugins "
     "estão desatualizados e ninguém sabe a senha do painel. Queria juntar gente para aprender a cuidar dele: "
     "instalar temas e plugins, criar páginas, publicar notícias e fazer backup. Podemos nos encontrar às terças, "
     "19h, na sede da associação na Rua Fernandes Vieira, em Porto Alegre. Quem já mexe com isso, chega mais!",
     (), ("WordPress",), "Porto Alegre"),
    ("Our estate WhatsApp group is on fire again",
     "I help run a few neighbourhood WhatsApp and Telegram groups in Nairobi with a few thousand members between "
     "them, and every week there's a fight, spam or someone being harassed. I'd like to meet other admins and "
     "mods to learn how to set rules, deal with trolls, remove people fairly and keep the discussion civil "
     "without killing it. Thursday evenings at 6, at a community hall in Kilimani. Bring your worst screenshots.",
     (), ("Online moderation",), "Nairobi"),
    ("Let's put on the city's first civic hack weekend",
     "Pune has plenty of developers and plenty of civic problems, but nobody has run a proper 48-hour civic "
     "hackathon here. I'd like a group to learn how to organise one: a venue, challenge statements from the "
     "municipal corporation, teams, judging, and keeping people fed at 3am. We'd plan together on Saturday "
     "afternoons at a coworking space in Baner until the event in May. If you've run or helped at one before, "
     "please join.",
     ("hackathon",), ("Hackathon organising",), "Pune"),
    ("Being the person someone comes to with questions",
     "Several of us have been asked to take on mentees this year and, honestly, we're not sure what a good "
     "mentor does beyond being nice. I'd like a circle to learn how to set goals with someone, give honest "
     "feedback, and know when a one-to-one relationship has run its course. We'd meet online, fortnightly on "
     "Mondays at 15:00 UTC. People who've mentored, or been well mentored, are very welcome.",
     (), ("Mentoring",), None),
    ("Recording how our words are really said",
     "Thousands of Wiktionary entries for Kikuyu, Yoruba and Marathi words have no pronunciation at all. I'd "
     "like us to record native speakers saying them, clean the recordings up (noise, clipping, long silences) "
     "and attach them to the entries, adding definitions where they are missing. Weekly on Jitsi, Saturdays "
     "12:00 UTC; you'll need a headset. People who know their way around sound files or the dictionary are "
     "especially wanted.",
     (), ("Wiktionary", "Audio editing"), None),
    ("Monday mornings shouldn't start with a blank page",
     "I teach in a primary school in Nairobi and spend most Sunday nights scrambling to plan the week. I'd like a "
     "group of teachers, and anyone who runs classes or clubs, to learn to plan lessons that actually work: "
     "clear objectives, timing, activities, a way to see at the end whether it landed. We could meet on "
     "Wednesday afternoons at 4:30 at the Kenya National Library on Ngong Road. Bring a plan you're proud of, or "
     "one that went badly.",
     (), ("Lesson planning",), "Nairobi"),
    ("Interviews für das Stadtteilradio, aber bitte ohne Rauschen",
     "Wir machen einmal im Monat eine Sendung im freien Radio und haben stundenlange Interviews auf dem Handy "
     "aufgenommen, die furchtbar klingen. Ich möchte mit ein paar Leuten lernen, Aufnahmen zu schneiden, "
     "Störgeräusche zu entfernen und die Lautstärke anzugleichen, am liebsten mit Audacity. Wir treffen uns "
     "dienstags um 18 Uhr in der Stadtbibliothek Leipzig am Wilhelm-Leuschner-Platz. Wer sich damit auskennt, "
     "ist sehr willkommen.",
     (), ("Audio editing",), "Leipzig"),
    ("Avant d'ouvrir les ateliers du mardi",
     "Le centre social de la Guillotière veut proposer des ateliers pour aider les habitants âgés à se servir "
     "d'un smartphone, des mails et des démarches en ligne. Avant de commencer, nous voudrions apprendre "
     "ensemble à préparer les séances : objectifs, déroulé, exercices adaptés, supports simples. Rencontres le "
     "lundi à 14h au centre social, pendant deux mois. Médiateurs numériques et enseignants de Lyon, vous êtes "
     "les bienvenus !",
     (), ("Digital literacy", "Lesson planning"), "Lyon"),
    ("Our co-op meetings finish at midnight",
     "We're a housing co-op of 14 households in Hulme and our general meetings keep running past midnight, "
     "because every decision turns into a debate until people give up. I'd like a circle to learn ways of "
     "deciding together that don't need votes: proposals, rounds, consent, stand-asides and blocks. We'd meet "
     "on the last Sunday of each month at Zion Arts Centre, 2 to 4pm. Anyone in Manchester who has used "
     "sociocracy or consensus in a group, we need you.",
     (), ("Consensus decision-making",), "Manchester"),
    ("Desenhar o bairro para o livrinho das crianças",
     "A biblioteca comunitária do Partenon vai publicar um livrinho com histórias inventadas pelas crianças do "
     "bairro, e precisamos das imagens. Quero formar um grupo para aprender a ilustrar juntos: personagens, "
     "cenários, cor, e como preparar os desenhos para a gráfica. Encontros aos sábados às 14h na própria "
     "biblioteca, aqui em Porto Alegre, com material incluído. Ilustradores e desenhistas experientes, venham!",
     (), ("Illustration",), "Porto Alegre"),
    ("Hesabu za kikundi chetu cha VICOBA",
     "Kikundi chetu cha akiba na mikopo huko Sinza kina wanachama arobaini, na daftari la hesabu lina makosa "
     "kila mwezi. Ningependa tujifunze pamoja kutunza vitabu vya hesabu vizuri: kuandika kila shilingi "
     "inayoingia na kutoka, kulinganisha na taarifa ya benki, na kuandaa taarifa ya mwisho wa mwaka. Tutakutana "
     "Jumapili saa tisa alasiri katika ukumbi wa kanisa, Sinza, Dar es Salaam. Wahasibu wenye uzoefu, karibuni "
     "sana.",
     (), ("Accounting",), "Dar es Salaam"),
    ("Tardes de tablero en la Virgilio Barco",
     "Somos unos cuantos que jugamos en línea y queremos mejorar en serio: aperturas, táctica, finales y cómo no "
     "perder por tiempo. Propongo reunirnos los domingos a las 3 p. m. en la Biblioteca Virgilio Barco de "
     "Bogotá; traemos tableros y relojes. Cualquier nivel es bienvenido, y si eres jugador de club o has "
     "competido en torneos de ajedrez, ven a enseñarnos un poco.",
     (), ("Chess",), "Bogotá"),
    ("Nairobi's old buildings, before they're gone",
     "Many of the early twentieth-century and independence-era buildings downtown have no freely licensed "
     "pictures online, and some are being torn down. Several of us already have the photos; I'd like us to learn "
     "to upload them to Wikimedia Commons properly: titles, descriptions, categories, coordinates, and how to do "
     "batches without getting them deleted. Saturday mornings, 9 to 12, at the Kenya National Archives on Moi "
     "Avenue. Anyone who already uploads there, please come.",
     ("commons",), ("Wikimedia Commons",), "Nairobi"),
    ("Before you forward it",
     "Every week some health rumour or fake government announcement goes round our family and church WhatsApp "
     "groups here in Dar es Salaam. I'd like a group to learn how to check claims properly: reverse image "
     "search, finding the original source, reading the official statement, and writing a short, kind "
     "correction. We can meet at the British Council on Samora Avenue, Friday evenings at 5. Journalists and "
     "people who debunk things for a living, karibuni!",
     (), ("Fact-checking",), "Dar es Salaam"),
]


def circles(people: list[Person], count: int = 30, *, seed: int = 30302) -> list[Proposal]:
    rng = random.Random(seed)
    proposals = []
    for title, raw, tags, skills, city in WRITTEN_CIRCLES[:count]:
        # Someone living there proposes it (anyone for an online circle); they are active, so eligible.
        local = [p for p in people if p.eligible and (city is None or p.city == city)]
        author = rng.choice(local or [p for p in people if p.eligible])
        proposals.append(Proposal(title, raw, tags, author.member_id, frozenset(skills), city))
    return proposals
