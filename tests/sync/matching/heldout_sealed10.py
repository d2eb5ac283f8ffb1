"""A tenth sealed held-out community, written from the skill names alone by an independent author.

A forum of community health workers, farmers' cooperatives and rural youth groups: 300 members in
twenty cities across East and West Africa, the Horn, South Asia, Indonesia, the Andes, Mexico and
southern France, and 30 proposed learning circles. Members say what they can share in plain names,
synonyms, jargon, tool names and whole sentences ("I keep the co-op's books straight every month"),
with typos and odd capitals. A little over half write English, many of them opening or closing in
Amharic, Bangla, Hausa, Igbo or Yoruba; the rest write Spanish, French, Swahili, Hindi in Latin script
or Bahasa Indonesia, and slip into English for whatever they learned in English. About a tenth give no
usable location and a few are not eligible for circles. The truth is 27 taxonomy skills, most of them
about co-op money and governance, village health work, youth and adult learning, and the languages of
the region, plus three skills the taxonomy lacks: basket weaving, drumming and tree grafting. Circle
titles seldom name what the circle is about; the first posts read like forum posts, with times and
places, and twelve of the thirty are written in another language than English, one more switching
halfway.

Never tune on it: read its figures, never its texts, and never change the texts after seeing a figure.
"""

from __future__ import annotations

import random

from tests.sync.matching.heldout import Person, Proposal

FREE_SKILLS = ("Basket weaving", "Drumming", "Tree grafting")
FIRST_ID = 130001
_SEED = 130_010
_SIZE = 300
_NO_LOCATION = 30
_INELIGIBLE = 18

# Where people live, how they write it, and which languages they post in (weights).
_CITIES: dict[str, tuple[tuple[str, ...], dict[str, float]]] = {
    "Nairobi": (("Nairobi", "nairobi, kenya", "NBI", "Nairobi (Kibera)", "Ngong Rd, Nairobi", "Nairobi KE"),
                {"en": 0.55, "sw": 0.45}),
    "Kisumu": (("Kisumu", "kisumu, Kenya", "Kisumu - Kondele", "lakeside Kisumu"), {"en": 0.6, "sw": 0.4}),
    "Arusha": (("Arusha", "Arusha, TZ", "arusha tanzania", "near Arusha town"), {"sw": 0.65, "en": 0.35}),
    "Addis Ababa": (("Addis Ababa", "Addis", "addis abeba", "Addis Ababa, Ethiopia", "Addis, ET"), {"am": 1.0}),
    "Bahir Dar": (("Bahir Dar", "Bahirdar", "bahir dar, ethiopia"), {"am": 1.0}),
    "Ibadan": (("Ibadan", "Ibadan, Oyo State", "ibadan nigeria", "Bodija, Ibadan"), {"yo": 0.7, "en": 0.3}),
    "Kano": (("Kano", "Kano State, Nigeria", "kano city", "KANO"), {"ha": 0.7, "en": 0.3}),
    "Enugu": (("Enugu", "Enugu, NG", "enugu", "Independence Layout, Enugu"), {"ig": 0.7, "en": 0.3}),
    "Tamale": (("Tamale", "Tamale, Ghana", "tamale (northern region)"), {"en": 1.0}),
    "Ouagadougou": (("Ouagadougou", "Ouaga", "ouagadougou, burkina faso", "Ouaga, BF"), {"fr": 1.0}),
    "Dakar": (("Dakar", "dakar, sénégal", "Dakar - Pikine"), {"fr": 0.85, "en": 0.15}),
    "Lucknow": (("Lucknow", "lucknow, UP", "Lko", "Lucknow, Uttar Pradesh"), {"hi": 0.6, "en": 0.4}),
    "Patna": (("Patna", "patna bihar", "Patna, India"), {"hi": 0.7, "en": 0.3}),
    "Dhaka": (("Dhaka", "dhaka, bangladesh", "Dhaka (Mirpur)"), {"bn": 0.6, "en": 0.4}),
    "Rajshahi": (("Rajshahi", "rajshahi, BD"), {"bn": 0.7, "en": 0.3}),
    "Yogyakarta": (("Yogyakarta", "Jogja", "Yogya", "jogjakarta, indonesia", "Sleman, Yogyakarta"),
                   {"id": 0.7, "en": 0.3}),
    "Cusco": (("Cusco", "Cuzco", "cusco, perú", "Cusco - Perú"), {"es": 0.85, "en": 0.15}),
    "Cochabamba": (("Cochabamba", "cbba", "Cochabamba, Bolivia"), {"es": 1.0}),
    "Oaxaca": (("Oaxaca", "Oaxaca de Juárez", "oaxaca, méxico"), {"es": 0.9, "en": 0.1}),
    "Montpellier": (("Montpellier", "montpellier, france", "Montpellier (34)"), {"fr": 0.6, "en": 0.4}),
}
_NO_PLACE = (None, None, "", "the village", "upcountry", "on the road most weeks", "home",
             "rural area", "between two districts", "🌍", "wherever the clinic sends me")

# English written with greetings and words from another language; these share the English phrasings.
_FLAVOURS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "yo": (("Ẹ kú àárọ̀! ", "E kaabo o. ", "Ẹ n lẹ́ o, ", "Báwo ni! "), (" — ẹ ṣé o", " Ọlọ́run á bá wa ṣe.", "")),
    "am": (("Selam! ", "Tena yistilign. ", "Selam new? ", ""), (" Ameseginalehu.", " — egziabher yimesgen", "")),
    "ha": (("Sannu! ", "Barka da yamma. ", "Ina kwana, ", ""), (" Na gode.", " — sai anjima", "")),
    "ig": (("Nnọọ! ", "Ndewo, ", "Kedu! ", ""), (" Daalụ.", " biko reach out", "")),
    "bn": (("Nomoshkar! ", "Assalamu alaikum, ", "Hello bhai, ", ""),
           (" Dhonnobad.", " — apnader shathe kaj korte chai", "")),
}

# How people name or describe each skill, by language of writing. "en" is always there.
_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "Hindi": {
        "en": ("Hindi", "hindi - mother tongue", "speaking Hindi with patients in the OPD",
               "Devanagari reading and writing", "conversational Hindustani",
               "helping outsiders get by at the mandi in Hindi"),
        "hi": ("hindi bolna aur likhna", "Hindi - meri matrubhasha", "devanagari lipi padhna-likhna"),
    },
    "Hausa": {
        "en": ("Hausa", "hausa language", "speaking Hausa the Kano way", "reading Hausa in boko and ajami",
               "helping outsiders greet and talk with mothers at the clinic in Hausa"),
        "fr": ("le haoussa",),
    },
    "Igbo": {
        "en": ("Igbo", "igbo (central dialect)", "asụsụ Igbo — speaking and teaching it",
               "teaching kids to read and write in Igbo", "Igbo proverbs and conversation"),
    },
    "Bengali": {
        "en": ("Bengali", "Bangla", "bangla reading & writing", "speaking Bangla, Rajshahi accent and all",
               "helping foreigners order tea and chat in Bangla"),
        "hi": ("bangla bolna",),
    },
    "Training": {
        "en": ("running trainings for community health volunteers", "delivering refresher days for CHWs",
               "running the two-day induction for new village health workers",
               "leading hands-on sessions for extension staff", "trainings for new staff",
               "facilitating skills trainings (cold chain, data tools, safeguarding)"),
        "hi": ("ASHA didi logon ki training lena", "training sessions chalana"),
        "es": ("capacitaciones para promotores de salud", "dar talleres de capacitación a promotoras"),
        "fr": ("animer des formations pour les agents de santé communautaires", "formation des relais communautaires"),
        "sw": ("kutoa mafunzo kwa wahudumu wa afya ya jamii", "kuendesha semina za mafunzo kwa wafanyakazi"),
        "id": ("memberi pelatihan untuk kader posyandu", "melatih petugas lapangan"),
    },
    "Operations": {
        "en": ("making sure the co-op's trucks, storage and collection days run smoothly",
               "day-to-day running of a warehouse and milk collection centre", "logistics & ops for a dairy co-op",
               "keeping the stockroom, rosters and deliveries ticking", "clinic supply chain, stock-outs are my enemy",
               "ops"),
        "hi": ("godown aur supply ka rozana kaam sambhalna",),
        "es": ("la operación diaria del centro de acopio de café", "logística y operaciones de la cooperativa"),
        "fr": ("la gestion quotidienne du magasin de stockage de la coopérative",),
        "sw": ("kusimamia shughuli za kila siku za ghala la chama",),
        "id": ("mengurus operasional harian gudang koperasi",),
    },
    "Social innovation": {
        "en": ("designing new ways for villages to solve their own problems",
               "community-led fixes like a maternity waiting home run by women's groups",
               "turning a local problem into a venture that pays for itself and does good",
               "social impact ideas that outlive the grant", "social innovation"),
        "hi": ("gaon ki samasyaon ke naye hal nikalna",),
        "es": ("innovación social en comunidades campesinas", "soluciones comunitarias que nacen del barrio"),
        "fr": ("l'innovation sociale en milieu rural",),
        "id": ("inovasi sosial di desa",),
    },
    "Communications strategy": {
        "en": ("planning what a health campaign says, to whom and through which channel",
               "messaging plans for vaccination drives", "comms strategy",
               "deciding the key messages and channels before the radio spots go out",
               "drawing up a communication plan for the co-op"),
        "hi": ("campaign ka message aur channel plan karna",),
        "es": ("estrategia de comunicación para campañas de salud", "planificar mensajes y canales"),
        "fr": ("élaborer un plan de communication pour la coopérative", "stratégie de com'"),
        "sw": ("kupanga jumbe za kampeni na njia za kuzifikisha kwa jamii",),
    },
    "E-learning": {
        "en": ("building short phone courses health workers can take offline", "self-paced online modules",
               "making e-courses in Articulate Rise", "elearning",
               "courses people finish on their phones between shifts",
               "recording micro-lessons and quizzes for an app"),
        "hi": ("mobile pe chalne wale online courses banana",),
        "es": ("cursos virtuales autoguiados", "cursos en línea para el celular"),
        "fr": ("des modules de formation en ligne à suivre sur téléphone",),
        "id": ("membuat kursus daring mandiri",),
    },
    "Gender gap initiatives": {
        "en": ("closing the gap between men and women farmers in who gets credit and training",
               "programmes that get more girls into leadership", "getting women onto co-op boards and land titles",
               "gender gap work", "making sure women are half the names on every list we send"),
        "hi": ("mahilaon aur ladkiyon ko barabari ka mauka dilana",),
        "es": ("cerrar la brecha de género en el campo",),
        "fr": ("réduire l'écart entre hommes et femmes dans les coopératives",),
        "sw": ("kupunguza pengo la kijinsia kwa wakulima",),
    },
    "Community management": {
        "en": ("keeping a 2,000-member WhatsApp group for farmers useful and civil",
               "running the co-op's Facebook group", "community manager for an online network of midwives",
               "looking after our members' online group: welcoming, pinning, nudging"),
        "es": ("gestionar la comunidad en línea de la red de promotoras",),
        "fr": ("animer et gérer le groupe WhatsApp des producteurs",),
        "sw": ("kusimamia kundi la WhatsApp la wakulima",),
        "id": ("mengelola komunitas online petani",),
    },
    "Lean startup": {
        "en": ("testing a business idea cheaply before putting savings into it",
               "build-measure-learn with tiny experiments",
               "MVPs for agri ventures", "lean startup", "trying a product on ten customers before scaling"),
        "es": ("validar ideas de negocio con experimentos baratos", "producto mínimo viable"),
        "fr": ("tester une idée avec un produit minimum viable",),
        "sw": ("kujaribu wazo la biashara kwa gharama ndogo kabla ya kuwekeza",),
        "id": ("menguji ide usaha dengan eksperimen kecil",),
    },
    "Farming": {
        "en": ("growing maize and beans", "farming", "smallholder farming - cassava and goats",
               "intercropping and soil care", "raising crops on a two-acre shamba", "dairy and poultry"),
        "hi": ("kheti-baadi", "dhaan aur gehun ki kheti"),
        "es": ("la chacra: papa, maíz y quinua", "cultivar café de altura"),
        "fr": ("l'agriculture, je cultive le mil et le sorgho", "les cultures vivrières"),
        "sw": ("kilimo cha mahindi na maharagwe", "ufugaji na kilimo"),
        "id": ("bertani padi", "bercocok tanam"),
    },
    "Community health": {
        "en": ("home visits to check on newborns and pregnant mothers", "community health work",
               "CHW - malaria testing, ORS, referrals", "health education at the village level",
               "tracking immunisations door to door", "village health volunteer"),
        "hi": ("ASHA worker hoon, ghar ghar jaakar dekh-bhaal", "gaon mein swasthya jagrukta"),
        "es": ("promotora de salud comunitaria", "visitas casa por casa para salud materna"),
        "fr": ("agent de santé communautaire", "sensibilisation sanitaire dans les villages"),
        "sw": ("mhudumu wa afya ya jamii", "kutembelea kaya kuhusu afya ya mama na mtoto"),
        "id": ("kader posyandu", "kesehatan masyarakat desa"),
    },
    "Monitoring and evaluation": {
        "en": ("M&E", "tracking indicators and writing the quarterly results report",
               "logframes and baseline/endline studies", "checking whether a programme actually changed anything",
               "MEAL officer"),
        "hi": ("project ki nigrani aur mulyankan",),
        "es": ("monitoreo y evaluación de proyectos", "seguimiento de indicadores"),
        "fr": ("le suivi-évaluation", "suivi des indicateurs"),
        "sw": ("ufuatiliaji na tathmini",),
        "id": ("monev program",),
    },
    "Survey design": {
        "en": ("writing questionnaires that people actually understand",
               "building household survey forms in KoboToolbox / ODK", "sampling and question wording",
               "designing the baseline questionnaire"),
        "hi": ("survey ke sawal banana",),
        "es": ("diseñar encuestas y cuestionarios",),
        "fr": ("concevoir des questionnaires d'enquête",),
        "sw": ("kutunga dodoso za utafiti",),
        "id": ("menyusun kuesioner survei",),
    },
    "Mapping and GIS": {
        "en": ("mapping farm plots with GPS and QGIS", "GIS", "making maps of which households each CHW covers",
               "geo-referencing fields for the co-op's traceability", "drawing catchment maps"),
        "es": ("mapear parcelas con GPS y QGIS", "sistemas de información geográfica"),
        "fr": ("cartographie des parcelles avec QGIS",),
        "sw": ("kuchora ramani za mashamba kwa GPS",),
        "id": ("pemetaan lahan dengan GPS",),
    },
    "Risk management": {
        "en": ("figuring out what could go wrong (drought, price crash, theft) and planning for it", "risk registers",
               "crop insurance and spreading risk", "planning for floods and outbreaks before they hit", "risk mgmt"),
        "hi": ("jokhim ka andaza aur bachav ki taiyari",),
        "es": ("gestión de riesgos para la cooperativa",),
        "fr": ("la gestion des risques (sécheresse, prix, vol)",),
        "sw": ("kupanga jinsi ya kukabili hatari kama ukame",),
    },
    "Adult education": {
        "en": ("teaching grown-ups to read and count", "evening literacy classes for mothers", "adult literacy",
               "classes for adults who left school early"),
        "hi": ("praudh shiksha - badon ko padhna likhna sikhana",),
        "es": ("alfabetización de adultos",),
        "fr": ("l'alphabétisation des adultes",),
        "sw": ("elimu ya watu wazima",),
        "id": ("pendidikan keaksaraan orang dewasa",),
    },
    "Youth education": {
        "en": ("after-school clubs for rural teenagers", "4-H style youth clubs",
               "working with school-leavers on life skills", "running the youth group's Saturday sessions"),
        "hi": ("gaon ke yuvaon ko padhana",),
        "es": ("educación para jóvenes rurales",),
        "fr": ("l'éducation des jeunes en milieu rural",),
        "sw": ("elimu kwa vijana",),
        "id": ("pendidikan remaja desa",),
    },
    "Entrepreneurship": {
        "en": ("starting small businesses from nothing", "helping young people turn a skill into income",
               "agripreneurship", "entrepreneurship", "running my own feed shop"),
        "hi": ("apna dhandha shuru karna",),
        "es": ("emprendimiento rural", "montar un negocio propio"),
        "fr": ("l'entrepreneuriat des jeunes",),
        "sw": ("ujasiriamali",),
        "id": ("wirausaha muda",),
    },
    "Business planning": {
        "en": ("writing a business plan a bank will take seriously", "business plans and cash-flow projections",
               "putting together the plan for the co-op's new mill", "biz plan"),
        "hi": ("business plan banana",),
        "es": ("elaborar planes de negocio",),
        "fr": ("rédiger un plan d'affaires",),
        "sw": ("kuandika mpango wa biashara",),
        "id": ("menyusun rencana usaha",),
    },
    "Financial management": {
        "en": ("managing the money side: cash flow, reserves, loans", "financial management for a SACCO",
               "keeping a co-op solvent between harvests", "treasury and financial controls"),
        "hi": ("paison ka niyantran aur cash flow",),
        "es": ("gestión financiera de la cooperativa",),
        "fr": ("gestion financière (trésorerie, crédits)",),
        "sw": ("usimamizi wa fedha za SACCO",),
        "id": ("pengelolaan keuangan koperasi",),
    },
    "Accounting": {
        "en": ("bookkeeping", "double-entry bookkeeping and reconciling the bank statements", "Tally and QuickBooks",
               "preparing accounts for the annual audit"),
        "hi": ("Tally mein khata-bahi",),
        "es": ("contabilidad", "llevar los libros contables"),
        "fr": ("la comptabilité",),
        "sw": ("uhasibu", "kutunza vitabu vya hesabu"),
        "id": ("pembukuan akuntansi",),
    },
    "Governance": {
        "en": ("how a board should work: bylaws, AGMs, elections", "co-op governance",
               "writing constitutions for farmer groups", "getting a committee to follow its own bylaws"),
        "hi": ("samiti ke niyam aur chunav",),
        "es": ("gobernanza y estatutos de la cooperativa",),
        "fr": ("la gouvernance des coopératives, statuts et AG",),
        "sw": ("utawala bora wa vyama vya ushirika",),
        "id": ("tata kelola koperasi",),
    },
    "Solar power": {
        "en": ("installing solar home systems", "sizing panels and batteries for a health post",
               "solar pumps for irrigation", "fixing solar lanterns", "PV"),
        "hi": ("solar panel lagana",),
        "es": ("instalar paneles solares",),
        "fr": ("les installations solaires photovoltaïques",),
        "sw": ("kufunga paneli za sola",),
        "id": ("memasang panel surya",),
    },
    "Digital literacy": {
        "en": ("showing people how to use a smartphone safely", "basic computer skills for first-timers",
               "helping elders use mobile money and WhatsApp", "teaching girls to type, email and search",
               "digital skills"),
        "hi": ("smartphone chalana sikhana",),
        "es": ("alfabetización digital", "enseñar a usar el celular"),
        "fr": ("l'initiation au numérique", "apprendre à utiliser un smartphone"),
        "sw": ("kufundisha matumizi ya simu janja",),
        "id": ("literasi digital",),
    },
    "Basket weaving": {
        "en": ("weaving baskets from sisal and palm", "basketry", "making kiondo bags", "coil baskets from grass",
               "basket weaving"),
        "hi": ("tokri bunna",),
        "es": ("tejer canastas de carrizo",),
        "fr": ("la vannerie",),
        "sw": ("kusuka vikapu (kiondo)",),
        "id": ("menganyam keranjang bambu",),
    },
    "Drumming": {
        "en": ("drumming", "playing the djembe", "talking drum (dùndún)", "hand percussion",
               "keeping rhythm for the youth group's dance troupe"),
        "hi": ("dholak bajana",),
        "es": ("tocar el cajón y percusión",),
        "fr": ("le djembé",),
        "sw": ("kupiga ngoma",),
        "id": ("main kendang",),
    },
    "Tree grafting": {
        "en": ("grafting mango and avocado seedlings", "top-working old trees onto better varieties",
               "budding and grafting in the nursery", "grafting"),
        "hi": ("aam ke paudhon mein kalam lagana",),
        "es": ("injertar frutales",),
        "fr": ("le greffage des arbres fruitiers",),
        "sw": ("kubebesha miche ya miembe",),
        "id": ("okulasi dan sambung pucuk",),
    },
}

# Whole sentences people write about what they do instead of naming it, by language of writing.
_SENTENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "Accounting": {"en": ("I keep the co-op's books straight every month.",
                          "Every shilling that comes into our dairy society goes through my ledger.")},
    "Community health": {"en": ("I've been a community health volunteer for eight years, mostly newborn checks and "
                                "malaria tests.",),
                         "es": ("Soy promotora de salud desde hace diez años, visito a las familias de mi "
                                "comunidad.",)},
    "Farming": {"en": ("We grow coffee and bananas on my family's land and I'm happy to show what works on slopes.",),
                "hi": ("Main apne khet mein dhaan aur sarson ugata hoon, 6 bigha.",)},
    "Training": {"en": ("I run the induction week for new health workers in our district.",)},
    "Solar power": {"en": ("I wired the solar system at our dispensary and keep it running.",)},
    "Tree grafting": {"en": ("My nursery sells grafted mangoes; I can teach the cleft graft in an afternoon.",)},
    "Drumming": {"en": ("I play drums for our youth troupe every weekend.",),
                 "fr": ("Je joue du djembé depuis l'enfance.",)},
    "Basket weaving": {"en": ("My grandmother taught me to weave baskets and I sell them at the market.",)},
    "Governance": {"en": ("I sit on our co-op board and rewrote the bylaws last year.",)},
    "Monitoring and evaluation": {"en": ("I'm the one who collects the numbers and tells donors what changed.",)},
    "Digital literacy": {"en": ("Every Sunday I help old people at church set up their phones.",)},
    "Youth education": {"en": ("I coordinate the youth club at our secondary school, 40 kids.",)},
    "Operations": {"en": ("I make sure the milk gets from 300 farms to the cooler before it spoils.",)},
    "Entrepreneurship": {"en": ("Started a poultry business at 19 and a feed shop after, both still running.",)},
    "Mapping and GIS": {"en": ("I walked every field in our co-op with a GPS and put them on one map.",)},
    "Adult education": {"es": ("Tres noches por semana doy clases de lectura a señoras del mercado.",)},
    "Hausa": {"en": ("Hausa is my first language and I'm happy to help visitors speak with patients.",)},
    "Hindi": {"hi": ("Hindi meri pehli bhasha hai, koi bhi seekhna chahe toh baat karte hain.",)},
}

# Phrasings only someone who already does the thing would write; nobody wants to learn them in these words.
_SHARE_ONLY = frozenset({
    "hindi - mother tongue", "Hindi - meri matrubhasha", "helping outsiders get by at the mandi in Hindi",
    "helping outsiders greet and talk with mothers at the clinic in Hausa", "speaking Hausa the Kano way",
    "asụsụ Igbo — speaking and teaching it", "teaching kids to read and write in Igbo",
    "speaking Bangla, Rajshahi accent and all", "helping foreigners order tea and chat in Bangla",
    "clinic supply chain, stock-outs are my enemy", "ASHA worker hoon, ghar ghar jaakar dekh-bhaal",
    "village health volunteer", "MEAL officer", "running my own feed shop", "smallholder farming - cassava and goats",
    "community manager for an online network of midwives", "promotora de salud comunitaria",
    "agent de santé communautaire", "mhudumu wa afya ya jamii", "kader posyandu",
    "l'agriculture, je cultive le mil et le sorgho", "raising crops on a two-acre shamba",
})

_SHARE_OPENERS = {
    "en": ("I can help with {}", "Happy to share: {}", "I know {}", "Can teach {}", "{}", "{}", "Good at {}"),
    "hi": ("Main {} mein madad kar sakta hoon", "Mujhe aata hai: {}", "{} - yeh sab sikha sakti hoon", "{}"),
    "es": ("Puedo ayudar con {}", "Sé de {}", "Comparto con gusto: {}", "{}"),
    "fr": ("Je peux aider pour {}", "Je m'y connais en {}", "Je partage volontiers : {}", "{}"),
    "sw": ("Naweza kusaidia {}", "Ninajua {}", "Niko tayari kufundisha {}", "{}"),
    "id": ("Saya bisa bantu {}", "Bisa ngajarin {}", "Pengalaman saya: {}", "{}"),
}
_LEARN_OPENERS = {
    "en": ("want to learn {}", "Hoping to pick up {}", "I'd love to get better at {}", "{}", "need help with {}",
           "looking for someone to teach me {}"),
    "hi": ("{} seekhna hai", "mujhe {} sikhna hai yaar", "{} mein help chahiye"),
    "es": ("quiero aprender {}", "me gustaría aprender {}", "busco quien me enseñe {}"),
    "fr": ("j'aimerais apprendre {}", "je voudrais me former à {}", "cherche quelqu'un pour {}"),
    "sw": ("nataka kujifunza {}", "ningependa kujua {}", "natafuta mtu wa kunifundisha {}"),
    "id": ("ingin belajar {}", "mau belajar {} dong", "butuh bimbingan {}"),
}
_ALSO = {"en": (" Also ", " Plus ", " + ", "\n"), "hi": (" Aur ", " + ", "\n"), "es": (" También ", " + ", "\n"),
         "fr": (" Aussi : ", " + ", "\n")}
_AND = {"en": " and ", "hi": " aur ", "es": " y ", "fr": " et ", "sw": " na ", "id": " dan "}
_NOTHING_TO_LEARN = {
    "en": ("", "", "-", "not sure yet", "nothing for now", "n/a"),
    "hi": ("", "abhi kuch nahi", "-"),
    "es": ("", "nada por ahora", "-"),
    "fr": ("", "rien pour l'instant", "-"),
    "sw": ("", "bado sijaamua", "-"),
    "id": ("", "belum tahu", "-"),
}

# How common each skill is among what people share and want to learn, and where sharing it is likelier.
_SHARE_WEIGHTS = {
    "Farming": 9, "Community health": 9, "Accounting": 6, "Training": 6, "Operations": 5, "Governance": 5,
    "Financial management": 5, "Monitoring and evaluation": 5, "Youth education": 5, "Entrepreneurship": 5,
    "Digital literacy": 5, "Adult education": 4, "Survey design": 4, "Mapping and GIS": 4, "Solar power": 4,
    "Business planning": 4, "Risk management": 3, "Communications strategy": 3, "Community management": 3,
    "Social innovation": 3, "Gender gap initiatives": 3, "E-learning": 3, "Lean startup": 3,
    "Basket weaving": 3, "Drumming": 3, "Tree grafting": 3,
    "Hindi": 0, "Hausa": 0, "Igbo": 0, "Bengali": 0,
}
_LEARN_WEIGHTS = {
    "Farming": 3, "Community health": 3, "Accounting": 5, "Training": 3, "Operations": 2, "Governance": 3,
    "Financial management": 5, "Monitoring and evaluation": 4, "Youth education": 2, "Entrepreneurship": 4,
    "Digital literacy": 3, "Adult education": 2, "Survey design": 3, "Mapping and GIS": 4, "Solar power": 5,
    "Business planning": 5, "Risk management": 3, "Communications strategy": 3, "Community management": 2,
    "Social innovation": 3, "Gender gap initiatives": 2, "E-learning": 4, "Lean startup": 3,
    "Basket weaving": 2, "Drumming": 3, "Tree grafting": 4,
    "Hindi": 2, "Hausa": 2, "Igbo": 2, "Bengali": 2,
}
_LOCAL_SHARES = {
    "Hindi": {"Lucknow": 40, "Patna": 40},
    "Hausa": {"Kano": 60},
    "Igbo": {"Enugu": 60},
    "Bengali": {"Dhaka": 40, "Rajshahi": 40},
    "Basket weaving": {"Nairobi": 3, "Kisumu": 3, "Oaxaca": 3, "Yogyakarta": 2},
    "Drumming": {"Ibadan": 3, "Ouagadougou": 3, "Dakar": 3, "Tamale": 2},
    "Tree grafting": {"Arusha": 3, "Yogyakarta": 3, "Lucknow": 2, "Bahir Dar": 2},
}

_GIVEN_NAMES = {
    "Nairobi": ("wanjiku", "kamau", "njeri", "baraka", "neema", "mwangi", "wambui", "kiprono", "faith", "peter"),
    "Kisumu": ("otieno", "achieng", "odhiambo", "akinyi", "ochieng", "atieno", "grace", "juma", "adhiambo", "omondi"),
    "Arusha": ("zawadi", "juma", "mwajuma", "furaha", "lengai", "neema", "baraka", "rehema", "saningo", "upendo"),
    "Addis Ababa": ("selam", "abebe", "tigist", "dawit", "hiwot", "yonas", "meron", "bethlehem", "kidus", "liya"),
    "Bahir Dar": ("tesfaye", "alemu", "mulu", "getachew", "yeshi", "belay", "asnakech", "tadesse", "worku", "almaz"),
    "Ibadan": ("tunde", "adunni", "femi", "bisola", "kayode", "yetunde", "segun", "folake", "dayo", "ronke"),
    "Kano": ("amina", "musa", "hauwa", "sani", "zainab", "ibrahim", "fatima", "bello", "halima", "usman"),
    "Enugu": ("chinedu", "ngozi", "emeka", "adaeze", "obinna", "chioma", "ikenna", "nkechi", "uche", "amaka"),
    "Tamale": ("kofi", "abena", "mahama", "fuseini", "ama", "issahaku", "salamatu", "abdul", "kwame", "memuna"),
    "Ouagadougou": ("aminata", "salif", "rasmata", "ousmane", "mariam", "boukary", "awa", "issouf", "pauline",
                    "wendkouni"),
    "Dakar": ("fatou", "moussa", "awa", "ibrahima", "ndeye", "cheikh", "aissatou", "mamadou", "khady", "modou"),
    "Montpellier": ("claire", "julien", "camille", "mathieu", "élodie", "thomas", "amandine", "romain", "sophie",
                    "hugo"),
    "Lucknow": ("priya", "anjali", "amit", "pooja", "vikas", "shabana", "rahul", "nazia", "saurabh", "kavita"),
    "Patna": ("raju", "sunita", "ramesh", "manoj", "rekha", "pappu", "neelam", "santosh", "munni", "dilip"),
    "Dhaka": ("tanvir", "nusrat", "arif", "sharmin", "sabbir", "farhana", "rafiq", "mitu", "shuvo", "tania"),
    "Rajshahi": ("rahim", "fatema", "taslima", "moushumi", "kamrul", "rupa", "jahid", "shila", "mamun", "parvin"),
    "Yogyakarta": ("dewi", "budi", "siti", "agus", "rina", "wahyu", "ayu", "eko", "fitri", "joko"),
    "Cusco": ("yesenia", "wilber", "flor", "edgar", "maribel", "quispe", "nilda", "fredy", "yanet", "huaman"),
    "Cochabamba": ("rosa", "nelson", "marisol", "fernando", "mamani", "lidia", "freddy", "wara", "carla", "eusebio"),
    "Oaxaca": ("lucía", "jesús", "guadalupe", "ángel", "itzel", "rogelio", "xóchitl", "ernesto", "citlali", "beto"),
}
_SURNAME_BITS = ("k", "m", "o", "n", "a", "b", "t", "s", "d", "r", "mama", "coop", "chw", "farm", "youth")


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    long_words = [i for i, word in enumerate(words) if len(word) > 5 and word.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    word = words[i]
    j = rng.randrange(1, len(word) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        word = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    elif kind == 1:
        word = word[:j] + word[j + 1:]
    else:
        word = word[:j] + word[j] + word[j:]
    words[i] = word
    return " ".join(words)


def _odd_capitals(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.10:
        return text.lower()
    if roll < 0.14:
        return text.upper()
    if roll < 0.19:
        return text.title()
    return text


def _phrase(skill: str, lang: str, rng: random.Random, *, sharing: bool = True) -> str:
    pools = {language: [phrase for phrase in phrases if sharing or phrase not in _SHARE_ONLY]
             for language, phrases in _PHRASES[skill].items()}
    pool = pools[lang] if pools.get(lang) and rng.random() < 0.75 else pools["en"]
    phrase = rng.choice(pool)
    return _typo(phrase, rng) if rng.random() < 0.12 else phrase


def _join(phrases: list[str], lang: str, rng: random.Random) -> str:
    if len(phrases) == 1:
        return phrases[0]
    style = rng.random()
    if style < 0.35:
        return ", ".join(phrases[:-1]) + _AND[lang] + phrases[-1]
    if style < 0.6:
        return ", ".join(phrases)
    if style < 0.75:
        return " / ".join(phrases)
    if style < 0.88:
        return "; ".join(phrases)
    return "\n".join("- " + phrase for phrase in phrases)


def _shares_text(skills: list[str], voice: str, lang: str, rng: random.Random) -> str:
    told = [skill for skill in skills if lang in _SENTENCES.get(skill, {})]
    if told and rng.random() < 0.4:
        first = told[0]
        rest = [_phrase(skill, lang, rng) for skill in skills if skill != first]
        text = rng.choice(_SENTENCES[first][lang])
        if rest:
            text += rng.choice(_ALSO.get(lang, _ALSO["en"])) + _join(rest, lang, rng)
    else:
        text = rng.choice(_SHARE_OPENERS[lang]).format(_join([_phrase(s, lang, rng) for s in skills], lang, rng))
    if voice in _FLAVOURS and rng.random() < 0.6:
        openings, closings = _FLAVOURS[voice]
        text = rng.choice(openings) + text + rng.choice(closings)
    return _odd_capitals(text, rng)


def _learns_text(skills: list[str], lang: str, rng: random.Random) -> str:
    if not skills:
        return rng.choice(_NOTHING_TO_LEARN[lang])
    wanted = _join([_phrase(skill, lang, rng, sharing=False) for skill in skills], lang, rng)
    return _odd_capitals(rng.choice(_LEARN_OPENERS[lang]).format(wanted), rng)


def _pick(weights: dict[str, float], count: int, exclude: set[str], rng: random.Random) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < count:
        names = [name for name, weight in weights.items() if weight > 0 and name not in exclude and name not in chosen]
        chosen.append(rng.choices(names, weights=[weights[name] for name in names])[0])
    return chosen


def _username(home: str, taken: set[str], rng: random.Random) -> str:
    while True:
        given = rng.choice(_GIVEN_NAMES[home])
        form = rng.randrange(5)
        if form == 0:
            name = f"{given}_{rng.choice(_SURNAME_BITS)}"
        elif form == 1:
            name = f"{given.capitalize()}{rng.randrange(70, 100)}"
        elif form == 2:
            name = f"{given}.{rng.choice(_SURNAME_BITS)}{rng.randrange(1, 10)}"
        elif form == 3:
            name = f"{rng.choice(_SURNAME_BITS)}_{given}"
        else:
            name = f"{given}{rng.randrange(100, 1000)}"
        if name.lower() not in taken:
            taken.add(name.lower())
            return name


def members() -> list[Person]:
    rng = random.Random(_SEED)
    placed = list(_CITIES) * 12
    placed += rng.choices(list(_CITIES), k=_SIZE - _NO_LOCATION - len(placed))
    placed += [None] * _NO_LOCATION
    rng.shuffle(placed)
    ineligible = set(rng.sample(range(_SIZE), _INELIGIBLE))
    taken: set[str] = set()
    people = []
    for index, city in enumerate(placed):
        home = city or rng.choice(list(_CITIES))
        variants, languages = _CITIES[home]
        location = rng.choice(variants) if city else rng.choice(_NO_PLACE)
        voice = rng.choices(list(languages), weights=list(languages.values()))[0]
        lang = "en" if voice in _FLAVOURS else voice
        share_weights = {skill: weight + _LOCAL_SHARES.get(skill, {}).get(city, 0)
                         for skill, weight in _SHARE_WEIGHTS.items()}
        shares = _pick(share_weights, rng.choices((1, 2, 3), weights=(0.35, 0.45, 0.2))[0], set(), rng)
        learns = _pick(_LEARN_WEIGHTS, rng.choices((0, 1, 2), weights=(0.3, 0.45, 0.25))[0], set(shares), rng)
        people.append(Person(
            member_id=FIRST_ID + index,
            username=_username(home, taken, rng),
            shares_text=_shares_text(shares, voice, lang, rng),
            learns_text=_learns_text(learns, lang, rng),
            location=location,
            city=city,
            shares=frozenset(shares),
            learns=frozenset(learns),
            eligible=index not in ineligible,
        ))
    return people


# (title, first post, tags, skills, city or None when it meets online)
_CIRCLES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], str | None], ...] = (
    ("Books that balance before the AGM",
     "Our AGM is in March and every year the treasurer's report arrives the night before, full of crossed-out "
     "figures. I'd like a few committee members from the co-ops around Kisumu to sit together once a fortnight "
     "with the real thing: the cash book, the members' share register, matching it all against the bank "
     "statement — and then how the committee is supposed to approve and sign it off without a shouting match. "
     "Bring your own society's ledger if your chair allows. Tuesdays 4–6pm at the Kondele social hall, six "
     "sessions, tea on us. Reply here or DM.",
     ("kisumu", "co-ops"), ("Accounting", "Governance"), "Kisumu"),
    ("Saturday mornings under the mango tree",
     "We have a row of old mango trees at the nursery that give small, stringy fruit. Instead of cutting them "
     "down I want to show a handful of people how to change what they bear: picking the scion wood, the cleft "
     "and the side cut, wrapping, and what to do when the union fails. Bring a sharp knife and a roll of "
     "plastic tape. Four Saturdays from 8am, Ngaramtoni, about 20 minutes out of Arusha town on the Nairobi road.",
     ("arusha", "nursery"), ("Tree grafting",), "Arusha"),
    ("Ngoma za jioni kwa vijana",
     "Habari zenu! Kikundi chetu cha vijana kinataka kuanzisha mazoezi ya jioni kila Ijumaa — tunacheza, "
     "tunajifunza midundo ya zamani na mipya, na baadaye tunazungumza kuhusu shule, kazi na maisha. Tunahitaji "
     "watu wawili watatu wanaojua kupiga vizuri na wengine wanaopenda kuwaongoza vijana. Tunaanza saa kumi "
     "jioni, ukumbi wa kanisa Kibera, Nairobi. Leteni ngoma kama mnazo!",
     ("nairobi", "vijana"), ("Drumming", "Youth education"), "Nairobi"),
    ("Con las abuelas del mercado",
     "En el mercado de la Merced hay señoras que tejen con carrizo y palma desde hace cincuenta años y nadie "
     "está aprendiendo de ellas. Propongo reunirnos los domingos después del mercado, de 2 a 5, para aprender "
     "a hacer una pieza completa: preparar la fibra, empezar la base, subir las paredes y cerrar el borde. Las "
     "abuelas cobran una cooperación pequeña por el material. Cupo para ocho personas, Oaxaca centro.",
     ("oaxaca", "artesania"), ("Basket weaving",), "Oaxaca"),
    ("From one notebook to ten villages",
     "Every programme I've worked on collects a mountain of paper and can't say afterwards whether anything "
     "changed. I'd like to go through it properly with a few others, online: choosing what to count, writing "
     "questions a farmer answers the same way twice, how many households is enough, and then turning the "
     "answers into a one-page results story for the board. Thursdays 18:00 East Africa time on Jitsi, eight "
     "weeks. Bring a project you're stuck on.",
     ("online", "data"), ("Monitoring and evaluation", "Survey design"), None),
    ("One health post at a time",
     "The CHPS compound in our area loses its vaccine fridge every time the grid goes off. A few of us want to "
     "learn to size and set up a small off-grid system — how many watts, which battery, what the charge "
     "controller does, and how to keep it alive for years. We'll build one together at the compound over "
     "three weekends in January. Tamale, Kalpohin area. Tools and some parts donated; bring gloves.",
     ("tamale", "clinics"), ("Solar power",), "Tamale"),
    ("Promotoras que enseñan a promotoras",
     "Somos varias promotoras de salud en las comunidades de Anta y Urubamba y cada año llegan compañeras "
     "nuevas que no saben por dónde empezar. Quiero armar un grupo para preparar juntas las sesiones que les "
     "damos: cómo explicar los signos de peligro en el embarazo, cómo practicar con maniquíes y cómo saber si "
     "aprendieron. Nos vemos el primer sábado de cada mes en el local de la red, Cusco, de 9 a 1.",
     ("cusco", "salud"), ("Training", "Community health"), "Cusco"),
    ("Didi log ke liye phone wale courses",
     "Namaste sabko! Hamare block mein 60 ASHA didi hain aur unko har mahine meeting ke liye 20 km aana padta "
     "hai. Socha hai ki chhote chhote lessons phone pe bana dein — video, audio aur quiz — jo bina net ke bhi "
     "chal jaayein. Jo log pehle aisa kuch bana chuke hain ya seekhna chahte hain, aaiye. Har Ravivar subah "
     "11 baje, Gomti Nagar, Lucknow, aur online bhi join kar sakte hain.",
     ("lucknow", "asha"), ("E-learning", "Community health"), "Lucknow"),
    ("Faire parler les cartes des parcelles",
     "Notre union de producteurs a relevé les coordonnées de 400 champs l'an dernier et les fichiers dorment "
     "dans un ordinateur. Je propose un petit groupe pour apprendre à en faire quelque chose : superposer les "
     "parcelles, calculer les surfaces, voir où sont les points d'eau et imprimer une carte lisible pour l'AG. "
     "Les mercredis de 15h à 17h au siège de l'union à Ouaga, secteur 15. Apportez un portable si vous en avez.",
     ("ouaga", "producteurs"), ("Mapping and GIS",), "Ouagadougou"),
    ("Ten customers before ten thousand shillings",
     "Too many youth groups in our network put their whole savings into a greenhouse or a posho mill before "
     "finding out whether anyone will buy. I'd like a circle that does it the other way: each of us takes an "
     "idea, finds the cheapest way to test it with real buyers in two weeks, and reports back. Wednesdays "
     "5:30pm, iHub-style room at the youth centre on Ngong Road, Nairobi. Six weeks.",
     ("nairobi", "youth"), ("Lean startup", "Entrepreneurship"), "Nairobi"),
    ("When the rains fail",
     "Selam all. Last year's short rains failed and our union had no plan at all — seed loans went unpaid, the "
     "store was half empty, members sold oxen. Before the next kiremt I want farmers and committee members to "
     "sit down and list what can go wrong on the land and in the market, how likely, and what we do about "
     "each before it happens. Bahir Dar, union office near the bus station, Mondays 3pm, from next month.",
     ("bahir-dar", "union"), ("Risk management", "Farming"), "Bahir Dar"),
    ("Evening letters for mothers",
     "Sannu da zuwa. Many of the mothers who come to our clinic can't read the card we give them, so they "
     "can't follow the dates. A few volunteers and I want to start evening classes for them — letters, "
     "numbers, reading a clinic card and a receipt — and we need to learn how to teach grown women without "
     "treating them like children. Monday and Thursday after Isha, Gwale, Kano. Volunteers please reply.",
     ("kano", "mothers"), ("Adult education",), "Kano"),
    ("Greetings that open doors",
     "Our outreach nurses come from all over Nigeria and half of them can't say more than 'sannu' when they "
     "knock on a door in the villages around Kano. This circle is a weekly chat, online, where they can "
     "practise the words they need on a home visit: greetings, asking after the baby, explaining the next "
     "appointment. Native speakers very welcome to lead. Saturdays 10am WAT on WhatsApp video.",
     ("online", "nurses"), ("Hausa",), None),
    ("Talking with grandma again",
     "Kedu! A lot of us grew up in Lagos or abroad and can follow a conversation at home but can't answer "
     "back. I'm proposing a relaxed circle: proverbs, the tones, everyday talk, reading a short story each "
     "week. Online every Sunday 7pm Nigeria time, and whoever is around Enugu at Christmas can meet up.",
     ("online", "culture"), ("Igbo",), None),
    ("Tea, jhal muri and conversation",
     "Nomoshkar! Volunteers from the health NGOs keep asking me how to talk with the families they visit. "
     "Let's meet every Friday afternoon at a tea stall near Mirpur 10 and just talk: numbers, bargaining, "
     "asking about the children, reading shop signs. Local speakers, please come and be patient with us. "
     "Dhaka, Fridays 4pm, no fee.",
     ("dhaka", "volunteers"), ("Bengali",), "Dhaka"),
    ("Clinic ki bhasha",
     "Patna ke PHC mein Kerala aur Northeast se kaafi nurses aayi hain jo mareezon se baat nahi kar paati. "
     "Hum ek chhota group banana chahte hain jahan har Budhwar shaam ko baithkar roz ki baat-cheet practice "
     "karein — dard kahan hai, dawa kab leni hai, agli baar kab aana hai. Likhna padhna bhi thoda. Kankarbagh, "
     "Patna, shaam 6 baje.",
     ("patna", "nurses"), ("Hindi",), "Patna"),
    ("Women on the board, not just in the field",
     "In our cassava co-op, women do most of the work and hold two seats out of eleven. Some of us want to "
     "change that before the next election: understand the bylaws, how nominations work, what a board "
     "member is actually responsible for, and how other co-ops got women in without a fight. Every second "
     "Saturday, 11am, at the parish hall in Independence Layout, Enugu.",
     ("enugu", "co-ops"), ("Gender gap initiatives", "Governance"), "Enugu"),
    ("Who keeps the group chat alive?",
     "Our farmers' WhatsApp group has 1,800 people and is either silent or full of forwarded nonsense. I'd "
     "like to swap notes with others who look after groups like this: welcoming new people, setting a few "
     "rules that stick, weekly prompts that get answers, and when to step in. Online, fortnightly, Tuesday "
     "evenings 19:00 UTC+3. Tell me which group you look after.",
     ("online", "whatsapp"), ("Community management",), None),
    ("The message before the megaphone",
     "Ẹ kú iṣẹ́ o. The last measles campaign in Ibadan had posters, jingles and a town crier all saying "
     "different things, and turnout was poor. I want a small circle of health workers and youth volunteers "
     "to work out, before the next round, who we need to reach, what exactly we say to each of them, and "
     "which way it reaches them — radio, mosque, market, WhatsApp. Bodija, Thursdays 4pm.",
     ("ibadan", "campaigns"), ("Communications strategy",), "Ibadan"),
    ("Ide kecil, dampak untuk desa",
     "Halo teman-teman! Di desa kami ada banyak masalah yang bisa diselesaikan warga sendiri: sampah plastik, "
     "ibu hamil yang jauh dari puskesmas, anak muda yang pergi ke kota. Saya ingin bikin lingkaran belajar "
     "untuk merancang solusi yang dijalankan warga dan bisa membiayai dirinya sendiri. Tiap Sabtu jam 9 pagi "
     "di balai desa Sleman, Jogja. Gratis, bawa ide dan bekal.",
     ("jogja", "desa"), ("Social innovation",), "Yogyakarta"),
    ("Stock-outs, trucks and collection days",
     "Selam. Our union collects from 14 primary co-ops and something always breaks: the truck comes on the wrong "
     "day, the store runs out of sacks, the weighbridge book goes missing. I'd like to meet with others who "
     "run the day-to-day of a store or a depot and compare how they keep things moving. Addis Ababa, near "
     "Megenagna, Saturday mornings at 9, four sessions.",
     ("addis", "union"), ("Operations",), "Addis Ababa"),
    ("Le moulin de Pikine",
     "Notre GIE de femmes veut acheter un moulin à mil et la banque demande un dossier solide. Je propose de "
     "nous retrouver pour monter ensemble le projet : ce qu'on va vendre, à qui, combien ça coûte chaque mois, "
     "quand on rembourse le crédit, et comment suivre la caisse une fois le moulin lancé. Le samedi de 10h à "
     "12h, maison des jeunes de Pikine, Dakar. Cinq séances.",
     ("dakar", "femmes"), ("Business planning", "Financial management"), "Dakar"),
    ("Cash between harvests",
     "Our mango growers' samity gets all its money in June and July and then runs out by January every year. "
     "Let's learn together how to plan the year's money: reserves, short loans, when to pay members, how "
     "to read the monthly statement. Rajshahi, Shaheb Bazar, the samity office upstairs, Sundays after Asr.",
     ("rajshahi", "samity"), ("Financial management",), "Rajshahi"),
    ("Grand-parents et smartphones",
     "Bonjour ! Beaucoup de producteurs âgés de l'Hérault reçoivent maintenant les avis de la coopérative et "
     "de la MSA uniquement par mail ou par appli. Avec quelques bénévoles, on voudrait apprendre à les "
     "accompagner : créer une adresse, lire un SMS, faire une visio avec les petits-enfants, repérer une "
     "arnaque. Le mardi après-midi, salle polyvalente près de la gare de Montpellier.",
     ("montpellier", "entraide"), ("Digital literacy",), "Montpellier"),
    ("Semillas y suelos en la ladera",
     "En las comunidades del valle alto las parcelas se están lavando con cada lluvia. Propongo juntarnos "
     "productores y técnicos para compartir lo que funciona: terrazas, abonos verdes, rotación de papa con "
     "haba, semilla propia. Nos reunimos en la sede de la asociación en Tiquipaya, Cochabamba, los viernes a "
     "las 3 de la tarde. Cada quien trae algo de su chacra para mostrar.",
     ("cochabamba", "campo"), ("Farming",), "Cochabamba"),
    ("Sisal, palm and patience",
     "A women's group near Kisumu makes beautiful bags and sells them for almost nothing at the roadside. "
     "We'd like a circle where the weavers teach newcomers their craft and we all work out how to price, "
     "label and sell through a shop in town so it becomes a real income. Fridays 2pm at Dunga beach "
     "community hall. Bring fibre if you have it.",
     ("kisumu", "crafts"), ("Basket weaving", "Entrepreneurship"), "Kisumu"),
    ("Girls' Saturday tech club",
     "Tena yistilign! At our youth centre in Kolfe, girls outnumber boys in the classrooms but never touch the "
     "computers. We want to run a Saturday club for 14–18 year olds: typing, email, searching safely, making "
     "a CV, and talking about what comes after school. Looking for people to run sessions and people who "
     "want to learn how. Addis Ababa, Saturdays 2–4pm.",
     ("addis", "girls"), ("Digital literacy", "Youth education"), "Addis Ababa"),
    ("Kebun bibit: sambung pucuk bareng",
     "Kelompok tani kami punya kebun bibit kecil di Kulon Progo. Musim ini kami mau belajar bareng cara bikin "
     "bibit alpukat dan durian unggul dari batang bawah lokal, sekalian merawat kebun sampai siap jual. "
     "Tiap Minggu pagi jam 7, ketemu di kebun, bawa pisau okulasi kalau punya. Yogyakarta dan sekitarnya.",
     ("jogja", "kelompok-tani"), ("Tree grafting", "Farming"), "Yogyakarta"),
    ("Former les relais sans les endormir",
     "On forme chaque année des dizaines de relais communautaires et la moitié oublie tout en trois mois. "
     "Je cherche des collègues pour retravailler nos séances : moins de diapos, plus de mises en situation, "
     "des supports en mooré et en dioula, et une façon simple de vérifier ce qui est retenu. Ouagadougou, "
     "secteur 30, le jeudi de 9h à 11h, pendant six semaines.",
     ("ouaga", "relais"), ("Training",), "Ouagadougou"),
    ("Mandi season hisaab",
     "Rabi ki kharid ke time hamari FPO ka register, godown ka stock aur bank ka khata kabhi match nahi karte. "
     "Let's sit together every Sunday evening at the FPO office in Chinhat, Lucknow — entries, stock "
     "register, weighment slips, end of month closing — and make a routine that survives the busy season. "
     "Chai and samosa on the FPO.",
     ("lucknow", "fpo"), ("Accounting", "Operations"), "Lucknow"),
)


def circles(people: list[Person]) -> list[Proposal]:
    rng = random.Random(_SEED + 1)
    proposals = []
    for title, raw, tags, skills, city in _CIRCLES:
        wanted = set(skills)
        eligible = [p for p in people if p.eligible]
        nearby = [p for p in eligible if city is None or p.city == city]
        authors = ([p for p in nearby if p.shares & wanted] or [p for p in nearby if p.learns & wanted]
                   or nearby)
        author = rng.choice(authors)
        proposals.append(Proposal(title=title, raw=raw, tags=tags, author_id=author.member_id,
                                  skills=frozenset(skills), city=city))
    return proposals
