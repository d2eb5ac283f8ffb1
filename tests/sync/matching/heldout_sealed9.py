"""A ninth sealed held-out community, written from the skill names alone by an independent author.

A forum of public-library staff, schoolteachers and neighbourhood organisers: 300 members and 30
proposed learning circles. Its truth names 27 taxonomy skills, most of them ones the earlier held-out
communities never use (help-desk work, library-museum partnerships, recording endangered languages,
course platforms, rubrics, meeting facilitation, strategy days, hand-written web pages, the three
language skills English, Spanish and French, and so on), and three skills of its own that are not in
the taxonomy: puppetry, mushroom foraging and swing dancing. Members write in English (about half),
Spanish, Dutch, French, Arabic (in Arabic script and in Latin letters), Swahili, Vietnamese, Japanese
and Manila's Tagalog-English mix, often switching language mid-line; they name a skill by what they do
at work, by a tool, by jargon, or plainly, with the odd typo and stray capitals. They live in 16 cities
on six continents, written the way people write them (R'dam, CDMX, Dsm, 大阪, Sài Gòn); one in ten gives
no usable place and one in sixteen is not eligible to be matched. Circle titles seldom name the skill; first posts say
where, when and whether it is online; ten of the thirty are not in English and one more mixes Tagalog
into it.

Never tune on it: read its figures, never its texts, and never change the texts after seeing a figure.
"""

from __future__ import annotations

import random

from tests.sync.matching.heldout import Person, Proposal

FREE_SKILLS = ("Puppetry", "Mushroom foraging", "Swing dancing")
FIRST_ID = 120001

# Per skill and language: "noun" phrases fit after "I can help with" or "want to learn"; "share" and
# "learn" are whole sentences a member writes instead. A language missing for a skill falls back to
# English, the way people here switch language for the words they learned in English.
PHRASES: dict[str, dict[str, dict[str, list[str]]]] = {
    "IT support": {
        "en": {"noun": ["fixing the public PCs when they freeze", "printer jams and wifi woes",
                        "setting up laptops for patrons", "helpdesk stuff", "tech support",
                        "resetting forgotten passwords", "troubleshooting windows machines",
                        "keeping the branch Chromebooks alive"],
               "share": ["I'm the one everyone calls when the self-checkout or the public computers die",
                         "happy to sit with you and sort out whatever is wrong with your laptop",
                         "I run the tech help desk at our branch on tuesdays"],
               "learn": ["I'd like to fix our computers myself instead of waiting a week for the council IT guy",
                         "want to learn how to track down why the wifi keeps dropping"]},
        "es": {"noun": ["soporte técnico", "arreglar las compus de la biblioteca",
                        "configurar impresoras y wifi"],
               "share": ["soy quien arregla las computadoras cuando se cuelgan"]},
        "nl": {"noun": ["computerhulp", "helpdesk", "laptops en printers aan de praat krijgen"],
               "share": ["ik los de storingen op aan de publiekscomputers in onze bieb"]},
        "fr": {"noun": ["dépannage informatique", "support technique", "réparer les postes publics"]},
        "ar": {"noun": ["دعم فني", "تصليح مشاكل الكمبيوتر", "da3m fanni lel computerat"]},
        "sw": {"noun": ["msaada wa kompyuta", "kutatua matatizo ya kompyuta na printa"]},
        "vi": {"noun": ["hỗ trợ kỹ thuật máy tính", "sửa lỗi máy in, wifi"]},
        "ja": {"noun": ["パソコンのトラブル対応", "ITサポート"]},
        "tl": {"noun": ["pag-aayos ng computer sa library", "tech support"]},
    },
    "Digital literacy": {
        "en": {"noun": ["teaching seniors to use a smartphone", "basic computer skills for adults",
                        "showing people how to do email and online forms", "getting people online",
                        "helping folks apply for benefits online", "digital skills classes"],
               "share": ["I teach a drop-in where older folks learn to video call their grandkids",
                         "patient with absolute beginners - mouse, keyboard, making an email account",
                         "I help people who've never used a computer fill in the council's online forms"],
               "learn": ["want to learn how to teach computer basics to grown-ups without being condescending"]},
        "es": {"noun": ["enseñar a los abuelos a usar el celular", "alfabetización digital",
                        "clases de computación básica para adultos"]},
        "nl": {"noun": ["digitale vaardigheden", "ouderen leren omgaan met hun tablet",
                        "Klik & Tik cursussen begeleiden"]},
        "fr": {"noun": ["initiation à l'informatique", "aider les aînés avec leur tablette",
                        "inclusion numérique"]},
        "ar": {"noun": ["تعليم كبار السن استخدام الهاتف الذكي", "مهارات الحاسوب الأساسية",
                        "محو الأمية الرقمية"]},
        "sw": {"noun": ["kufundisha wazee kutumia simu janja", "ujuzi wa kidijitali"]},
        "vi": {"noun": ["dạy người lớn tuổi dùng điện thoại thông minh", "kỹ năng số cơ bản"]},
        "ja": {"noun": ["高齢者向けスマホ教室", "パソコン初心者のサポート"]},
        "tl": {"noun": ["turuan si lola mag-video call", "basic computer para sa mga senior"]},
    },
    "Writing": {
        "en": {"noun": ["creative writing", "short fiction", "writing workshops", "poetry and short stories",
                        "memoir pieces", "getting a first draft out", "wrting"],
               "share": ["I run a writers' group where we read drafts aloud and give gentle notes",
                         "I've published a few short stories and love helping people get unstuck on a draft"],
               "learn": ["I want to finally finish the novel I keep starting",
                         "want to get better at writing personal essays"]},
        "es": {"noun": ["escritura creativa", "talleres de cuento y poesía", "escribir relatos"]},
        "nl": {"noun": ["creatief schrijven", "verhalen schrijven", "schrijfworkshops"]},
        "fr": {"noun": ["écriture créative", "ateliers d'écriture", "nouvelles et poésie"]},
        "ar": {"noun": ["الكتابة الإبداعية", "كتابة القصة القصيرة"]},
        "sw": {"noun": ["uandishi wa hadithi", "uandishi wa ubunifu"]},
        "vi": {"noun": ["viết văn sáng tạo", "viết truyện ngắn"]},
        "ja": {"noun": ["創作の文章", "小説を書くこと", "エッセイ執筆"]},
        "tl": {"noun": ["pagsusulat ng tula at maikling kwento"]},
    },
    "Language documentation": {
        "en": {"noun": ["recording elders speaking endangered languages", "oral recordings of a dying dialect",
                        "field recordings and transcribing heritage languages",
                        "building a wordlist with the last fluent speakers", "ELAN annotation"],
               "share": ["I've spent years recording the last speakers of my grandmother's village dialect "
                         "and archiving the tapes properly",
                         "can show how to record, annotate and archive interviews with speakers of a small language"],
               "learn": ["I'd like to record my grandparents' language before it's gone - where do I start?"]},
        "es": {"noun": ["documentar lenguas indígenas", "grabar a hablantes de náhuatl",
                        "registro de lenguas en peligro"]},
        "nl": {"noun": ["opnames maken van dialectsprekers", "streektaal vastleggen"]},
        "fr": {"noun": ["documentation des langues en danger", "enregistrer les locuteurs d'une langue rare"]},
        "ar": {"noun": ["توثيق اللهجات المهددة", "تسجيل كبار السن وهم يتكلمون لهجتهم"]},
        "sw": {"noun": ["kurekodi lugha za jamii zinazopotea", "kuhifadhi lugha za asili"]},
        "vi": {"noun": ["ghi âm và lưu giữ tiếng dân tộc thiểu số"]},
        "ja": {"noun": ["消滅危機言語の記録", "方言の録音と書き起こし"]},
        "tl": {"noun": ["pag-record ng mga katutubong wika"]},
    },
    "GLAM partnerships": {
        "en": {"noun": ["partnerships between libraries and museums",
                        "joint projects with the local museum and archive", "co-hosting with galleries",
                        "museum/library collabs", "getting cultural institutions to work together", "GLAM"],
               "share": ["I broker projects between our library, the city museum and the archives - loans, "
                         "joint exhibits, shared digitisation",
                         "I've set up a few deals where the gallery lends objects and the library builds "
                         "programmes around them"],
               "learn": ["want to learn how to pitch a joint project to a museum that has never worked "
                         "with a public library"]},
        "es": {"noun": ["alianzas entre bibliotecas, museos y archivos", "colaboración con museos"]},
        "nl": {"noun": ["samenwerking tussen bibliotheek, museum en archief", "erfgoedpartnerschappen"]},
        "fr": {"noun": ["partenariats entre musées, bibliothèques et archives", "collaborations avec les musées"]},
        "ar": {"noun": ["شراكات بين المكتبات والمتاحف"]},
        "sw": {"noun": ["ushirikiano kati ya maktaba na makumbusho"]},
        "vi": {"noun": ["hợp tác giữa thư viện và bảo tàng"]},
        "ja": {"noun": ["博物館・図書館・文書館の連携"]},
    },
    "Archival research": {
        "en": {"noun": ["digging through council archives", "local history research",
                        "finding things in old newspapers and parish records", "archive research",
                        "reading room detective work", "tracing a building's history through old records"],
               "share": ["I know my way around the city archives and the microfilm readers - happy to help "
                         "you find that 1920s photo",
                         "I've done a lot of research in municipal archives for our street history project"],
               "learn": ["want to learn how to search archive catalogues and request boxes without looking clueless"]},
        "es": {"noun": ["investigación en archivos", "buscar en archivos históricos y hemerotecas"]},
        "nl": {"noun": ["archiefonderzoek", "speuren in het stadsarchief", "oude kranten doorzoeken via Delpher"]},
        "fr": {"noun": ["recherche en archives", "fouiller les archives municipales"]},
        "ar": {"noun": ["البحث في الأرشيف", "التنقيب في الوثائق القديمة"]},
        "sw": {"noun": ["utafiti wa kumbukumbu za zamani"]},
        "vi": {"noun": ["tra cứu tư liệu lưu trữ"]},
        "ja": {"noun": ["古文書・アーカイブ調査", "郷土資料の調べもの"]},
    },
    "Storytelling": {
        "en": {"noun": ["telling stories out loud", "storytime for little ones", "oral storytelling",
                        "folk tales told from memory", "story-telling"],
               "share": ["I do the Saturday storytime and can hold a room of toddlers for 30 minutes",
                         "I tell folk tales at festivals, no book, just voice and hands"],
               "learn": ["I want to tell a story to a group of kids without reading it off the page"]},
        "es": {"noun": ["cuentacuentos", "narración oral", "contar cuentos a niños"]},
        "nl": {"noun": ["verhalen vertellen", "voorleesuurtje", "vertelkunst"]},
        "fr": {"noun": ["conte", "l'heure du conte", "raconter des histoires"]},
        "ar": {"noun": ["الحكواتي", "سرد القصص للأطفال", "el 7akawati"]},
        "sw": {"noun": ["kusimulia hadithi", "hadithi za jadi"]},
        "vi": {"noun": ["kể chuyện cho trẻ em"]},
        "ja": {"noun": ["おはなし会", "素話（ストーリーテリング）"]},
        "tl": {"noun": ["pagkukuwento sa mga bata"]},
    },
    "English": {
        "en": {"noun": ["English conversation practice", "ESL tutoring", "helping newcomers with English",
                        "English (native speaker)", "IELTS speaking prep"],
               "share": ["native English speaker, happy to do conversation practice with anyone learning",
                         "I run the English conversation table at our branch every Thursday"],
               "learn": ["my English is OK for reading but I freeze when speaking - want to practise"]},
        "es": {"noun": ["inglés", "practicar inglés conversacional", "clases de inglés"]},
        "nl": {"noun": ["Engels", "Engelse conversatie oefenen"]},
        "fr": {"noun": ["anglais", "conversation en anglais"]},
        "ar": {"noun": ["اللغة الإنجليزية", "محادثة إنجليزي", "ingleezi"]},
        "sw": {"noun": ["Kiingereza", "mazungumzo ya Kiingereza"]},
        "vi": {"noun": ["tiếng Anh", "luyện nói tiếng Anh"]},
        "ja": {"noun": ["英会話", "英語"]},
        "tl": {"noun": ["English speaking practice"]},
    },
    "Spanish": {
        "en": {"noun": ["Spanish", "Spanish conversation", "español for beginners",
                        "Spanish tutoring (I'm from Bogotá)"],
               "share": ["native Spanish speaker - happy to chat so you can practise",
                         "I teach Spanish to adults at the community centre"],
               "learn": ["want to learn Spanish so I can talk to the families at my school",
                         "learning Spanish, A2-ish, need speaking practice"]},
        "es": {"noun": ["español como lengua extranjera", "conversación en español",
                        "clases de español para extranjeros", "ELE"]},
        "nl": {"noun": ["Spaans", "Spaanse les"]},
        "fr": {"noun": ["espagnol", "cours d'espagnol"]},
        "ar": {"noun": ["اللغة الإسبانية", "espanyoli"]},
        "sw": {"noun": ["Kihispania"]},
        "vi": {"noun": ["tiếng Tây Ban Nha"]},
        "ja": {"noun": ["スペイン語"]},
    },
    "French": {
        "en": {"noun": ["French", "French conversation", "français", "helping with French homework"],
               "share": ["francophone, happy to do French conversation with learners",
                         "I taught French in secondary school for 12 years"],
               "learn": ["want my French to be good enough to chat with the neighbours",
                         "learning French for work, need someone to talk to"]},
        "es": {"noun": ["francés", "clases de francés"]},
        "nl": {"noun": ["Frans", "Franse conversatie"]},
        "fr": {"noun": ["français langue seconde", "francisation des nouveaux arrivants",
                        "conversation en français"]},
        "ar": {"noun": ["اللغة الفرنسية", "fransawi"]},
        "sw": {"noun": ["Kifaransa"]},
        "vi": {"noun": ["tiếng Pháp"]},
        "ja": {"noun": ["フランス語"]},
    },
    "Online teaching": {
        "en": {"noun": ["teaching over Zoom", "running live online classes", "remote teaching",
                        "keeping a virtual classroom engaged", "breakout rooms that actually work"],
               "share": ["I taught entirely online for two years and know how to keep a Zoom class talking",
                         "happy to share tricks for teaching live over video without losing half the class"],
               "learn": ["I need to move my evening class online and have no idea how to keep people "
                         "engaged on camera"]},
        "es": {"noun": ["clases en línea", "enseñanza virtual", "dar clases por Zoom"]},
        "nl": {"noun": ["online lesgeven", "les geven via Teams"]},
        "fr": {"noun": ["enseignement à distance", "donner des cours en ligne"]},
        "ar": {"noun": ["التدريس عن بعد", "تدريس أونلاين"]},
        "sw": {"noun": ["kufundisha mtandaoni"]},
        "vi": {"noun": ["dạy học trực tuyến", "dạy online qua Zoom"]},
        "ja": {"noun": ["オンライン授業", "Zoomでの授業"]},
        "tl": {"noun": ["online classes"]},
    },
    "Learning management systems": {
        "en": {"noun": ["Moodle", "Google Classroom setup", "Canvas admin", "setting up courses in Moodle",
                        "gradebook and course shells", "Schoology"],
               "share": ["I administer our district's Moodle - course shells, enrolments, the gradebook, all of it",
                         "can show you how to build a course page in Google Classroom that students can "
                         "actually navigate"],
               "learn": ["our school is switching to Canvas and I'd like to understand it before September"]},
        "es": {"noun": ["Moodle", "administrar plataformas como Moodle o Classroom", "plataforma educativa"]},
        "nl": {"noun": ["Itslearning", "Magister en Moodle inrichten", "elektronische leeromgeving"]},
        "fr": {"noun": ["Moodle", "plateforme d'apprentissage", "gérer des cours sur Moodle"]},
        "ar": {"noun": ["منصة مودل", "إدارة منصات التعلم مثل Moodle"]},
        "sw": {"noun": ["kutumia Moodle na Google Classroom"]},
        "vi": {"noun": ["quản trị Moodle", "dùng Google Classroom"]},
        "ja": {"noun": ["Moodleの運用", "Google Classroomの設定"]},
    },
    "Assessment": {
        "en": {"noun": ["writing rubrics", "marking and feedback", "designing fair tests",
                        "formative assessment", "grading", "assesment"],
               "share": ["I write rubrics and quizzes that measure what you actually taught",
                         "happy to help anyone turn marking into useful feedback instead of just a number"],
               "learn": ["want to learn how to design a test that's fair to kids who struggle with reading"]},
        "es": {"noun": ["evaluación", "diseñar rúbricas", "evaluación formativa"]},
        "nl": {"noun": ["toetsen maken", "beoordelen en feedback geven", "rubrics"]},
        "fr": {"noun": ["évaluation des apprentissages", "grilles d'évaluation"]},
        "ar": {"noun": ["التقييم", "تصميم الاختبارات وسلالم التصحيح"]},
        "sw": {"noun": ["kutunga mitihani", "tathmini ya wanafunzi"]},
        "vi": {"noun": ["đánh giá học sinh", "ra đề kiểm tra"]},
        "ja": {"noun": ["評価（ルーブリック作り）", "テスト作成"]},
    },
    "Instructional design": {
        "en": {"noun": ["designing courses from learning objectives", "instructional design", "ID",
                        "turning an expert's notes into a course", "backwards design", "ADDIE"],
               "share": ["I design training courses - objectives first, then activities, then how we'll "
                         "know it worked",
                         "give me your pile of notes and I'll help you shape it into a course people can follow"],
               "learn": ["want to learn how to structure a course so the pieces actually build on each other"]},
        "es": {"noun": ["diseño instruccional", "diseñar cursos"]},
        "nl": {"noun": ["didactisch ontwerp", "onderwijsontwerp"]},
        "fr": {"noun": ["ingénierie pédagogique", "design pédagogique"]},
        "ar": {"noun": ["التصميم التعليمي"]},
        "sw": {"noun": ["kubuni kozi za mafunzo"]},
        "vi": {"noun": ["thiết kế bài giảng, khóa học"]},
        "ja": {"noun": ["インストラクショナルデザイン", "研修の設計"]},
    },
    "Facilitation": {
        "en": {"noun": ["facilitating meetings", "running workshops so everyone gets heard", "facilitation",
                        "holding space in group discussions", "chairing community meetings", "facilitaton"],
               "share": ["happy to show anyone how to run a meeting where everyone gets heard",
                         "I facilitate residents' meetings - agendas, timekeeping, drawing out the quiet ones"],
               "learn": ["I always end up talking too much when I run a meeting - want to learn to do it properly"]},
        "es": {"noun": ["facilitación", "conducir asambleas vecinales", "dinamizar grupos"]},
        "nl": {"noun": ["gespreksleiding", "vergaderingen begeleiden", "facilitatie"]},
        "fr": {"noun": ["animation de réunions", "facilitation"]},
        "ar": {"noun": ["تيسير الاجتماعات", "إدارة الحوار في الورش"]},
        "sw": {"noun": ["kuendesha mikutano", "uwezeshaji wa vikundi"]},
        "vi": {"noun": ["điều phối cuộc họp", "dẫn dắt thảo luận nhóm"]},
        "ja": {"noun": ["ファシリテーション", "会議の進行役"]},
        "tl": {"noun": ["pag-facilitate ng meeting"]},
    },
    "Leadership": {
        "en": {"noun": ["leading a team of volunteers", "leadership", "stepping up to lead",
                        "taking people through change", "being a team lead for the first time"],
               "share": ["I've led our branch through two reorganisations and can talk about keeping a team together",
                         "I lead a crew of 20 volunteers and somehow they keep coming back"],
               "learn": ["just became a branch manager and want to learn to lead without micromanaging"]},
        "es": {"noun": ["liderazgo", "liderar equipos"]},
        "nl": {"noun": ["leidinggeven", "leiderschap"]},
        "fr": {"noun": ["leadership", "diriger une équipe"]},
        "ar": {"noun": ["القيادة", "قيادة الفرق"]},
        "sw": {"noun": ["uongozi", "kuongoza timu"]},
        "vi": {"noun": ["kỹ năng lãnh đạo", "dẫn dắt đội nhóm"]},
        "ja": {"noun": ["リーダーシップ", "チームを率いること"]},
        "tl": {"noun": ["pamumuno"]},
    },
    "Networking": {
        "en": {"noun": ["networking", "meeting people at conferences", "building professional contacts",
                        "working a room", "connecting people with the right people"],
               "share": ["I know everyone in the local library and school scene and love introducing people",
                         "can help shy folks get through a mixer and come out with three real contacts"],
               "learn": ["I hate mingling at events - want to learn to talk to strangers professionally"]},
        "es": {"noun": ["hacer contactos", "networking", "construir redes profesionales"]},
        "nl": {"noun": ["netwerken", "contacten leggen"]},
        "fr": {"noun": ["réseautage", "se faire un réseau"]},
        "ar": {"noun": ["بناء العلاقات المهنية", "التشبيك"]},
        "sw": {"noun": ["kujenga mitandao ya kikazi"]},
        "vi": {"noun": ["xây dựng mối quan hệ", "kết nối nghề nghiệp"]},
        "ja": {"noun": ["人脈づくり", "ネットワーキング"]},
        "tl": {"noun": ["networking"]},
    },
    "Presentation design": {
        "en": {"noun": ["making slide decks", "PowerPoint that doesn't suck", "Google Slides",
                        "designing presentations", "Keynote", "slides"],
               "share": ["I make the slide decks for our council presentations - fewer words, bigger pictures",
                         "happy to redo your slides so the back row can read them"],
               "learn": ["want to learn to make slides that don't look like a wall of text"]},
        "es": {"noun": ["diseño de presentaciones", "hacer diapositivas bonitas"]},
        "nl": {"noun": ["presentaties vormgeven", "PowerPoints maken"]},
        "fr": {"noun": ["conception de diaporamas", "faire des présentations PowerPoint"]},
        "ar": {"noun": ["تصميم العروض التقديمية", "باوربوينت"]},
        "sw": {"noun": ["kuandaa slaidi za mawasilisho"]},
        "vi": {"noun": ["thiết kế slide thuyết trình"]},
        "ja": {"noun": ["スライド作成", "パワポ資料のデザイン"]},
        "tl": {"noun": ["paggawa ng slides"]},
    },
    "Grants management": {
        "en": {"noun": ["grants admin", "managing grant budgets and deadlines", "keeping funded projects on track",
                        "tracking grant spending", "post-award admin", "grant managment"],
               "share": ["once the money lands I'm the one tracking spend, milestones and what the funder "
                         "needs from us",
                         "I've managed a dozen library grants - budgets, timelines, audit paperwork"],
               "learn": ["we just got our first big grant and I'm terrified of mismanaging it"]},
        "es": {"noun": ["gestión de subvenciones", "administrar fondos de proyectos"]},
        "nl": {"noun": ["subsidiebeheer", "subsidies administreren"]},
        "fr": {"noun": ["gestion de subventions"]},
        "ar": {"noun": ["إدارة المنح"]},
        "sw": {"noun": ["usimamizi wa ruzuku"]},
        "vi": {"noun": ["quản lý tài trợ"]},
        "ja": {"noun": ["助成金の管理"]},
    },
    "Strategic planning": {
        "en": {"noun": ["strategic planning", "five-year plans", "setting priorities for an organisation",
                        "strategy days", "working out where the library should be in five years",
                        "SWOT sessions"],
               "share": ["I've led strategy days for two library boards - from vision to a plan people can act on",
                         "can help your group figure out its three priorities for the next few years"],
               "learn": ["our association needs a long-term plan and I'd like to learn how to lead that process"]},
        "es": {"noun": ["planificación estratégica", "plan estratégico"]},
        "nl": {"noun": ["strategische planning", "meerjarenplan maken"]},
        "fr": {"noun": ["planification stratégique", "plan stratégique"]},
        "ar": {"noun": ["التخطيط الاستراتيجي"]},
        "sw": {"noun": ["mipango mkakati"]},
        "vi": {"noun": ["lập kế hoạch chiến lược"]},
        "ja": {"noun": ["中長期計画づくり", "戦略立案"]},
    },
    "Design thinking": {
        "en": {"noun": ["design thinking", "human-centred design workshops", "prototyping services with users",
                        "empathy maps and personas", "IDEO-style workshops"],
               "share": ["I run design sprints where library users sketch and test the new service with us",
                         "happy to lead a session with post-its, personas and rough prototypes"],
               "learn": ["want to learn how to redesign a service starting from what the people using it need"]},
        "es": {"noun": ["design thinking", "pensamiento de diseño", "diseño centrado en las personas"]},
        "nl": {"noun": ["design thinking", "ontwerpdenken"]},
        "fr": {"noun": ["design thinking", "conception centrée sur l'humain"]},
        "ar": {"noun": ["التفكير التصميمي"]},
        "sw": {"noun": ["fikra za usanifu (design thinking)"]},
        "vi": {"noun": ["tư duy thiết kế"]},
        "ja": {"noun": ["デザイン思考", "ワークショップでプロトタイピング"]},
    },
    "HTML & CSS": {
        "en": {"noun": ["HTML and CSS", "hand-coding web pages", "html/css", "styling pages with flexbox",
                        "building simple static websites", "HTML+CSS"],
               "share": ["I hand-code our branch's pages - semantic markup, a tidy stylesheet, no page builder",
                         "can teach the basics of tags, selectors and layout so you can edit your own site"],
               "learn": ["want to learn to write web pages by hand instead of fighting our drag-and-drop editor"]},
        "es": {"noun": ["HTML y CSS", "maquetar páginas web"]},
        "nl": {"noun": ["HTML en CSS", "webpagina's opmaken"]},
        "fr": {"noun": ["HTML et CSS", "intégration web"]},
        "ar": {"noun": ["HTML و CSS", "برمجة صفحات الويب"]},
        "sw": {"noun": ["HTML na CSS"]},
        "vi": {"noun": ["HTML, CSS", "dựng trang web tĩnh"]},
        "ja": {"noun": ["HTML/CSS", "コーディング（マークアップ）"]},
    },
    "STEM education": {
        "en": {"noun": ["science clubs for kids", "STEM activities", "robotics for children",
                        "hands-on maths and science", "STEAM workshops", "after-school science"],
               "share": ["I run a Lego robotics club for 9-12 year olds at the library",
                         "science teacher, I do kitchen-chemistry and circuit activities with kids"],
               "learn": ["want to run hands-on science sessions for kids but I'm not a scientist"]},
        "es": {"noun": ["educación STEM", "talleres de ciencia para niños", "robótica educativa"]},
        "nl": {"noun": ["techniekonderwijs", "wetenschapsclub voor kinderen"]},
        "fr": {"noun": ["ateliers scientifiques pour enfants", "éducation aux sciences et technologies"]},
        "ar": {"noun": ["تعليم العلوم والتكنولوجيا للأطفال", "نوادي الروبوتات للأطفال"]},
        "sw": {"noun": ["elimu ya sayansi na teknolojia kwa watoto"]},
        "vi": {"noun": ["giáo dục STEM", "câu lạc bộ khoa học cho trẻ"]},
        "ja": {"noun": ["子ども向け理科・プログラミング教室", "STEM教育"]},
    },
    "Educational technology": {
        "en": {"noun": ["edtech", "using tablets and apps in the classroom", "Kahoot, Padlet and friends",
                        "classroom tech", "interactive whiteboards", "picking apps for teaching"],
               "share": ["I help teachers pick the right apps for their lessons - Padlet, Kahoot, Book Creator",
                         "I train colleagues on the interactive whiteboards and the class iPads"],
               "learn": ["want to know which classroom apps are worth it and which are gimmicks"]},
        "es": {"noun": ["tecnología educativa", "herramientas digitales para el aula"]},
        "nl": {"noun": ["ICT in de klas", "onderwijstechnologie"]},
        "fr": {"noun": ["technopédagogie", "outils numériques en classe"]},
        "ar": {"noun": ["التكنولوجيا التعليمية", "استخدام التطبيقات في الصف"]},
        "sw": {"noun": ["teknolojia ya elimu", "kutumia tablet darasani"]},
        "vi": {"noun": ["công nghệ giáo dục", "ứng dụng công nghệ trong lớp học"]},
        "ja": {"noun": ["ICT教育", "授業でのタブレット活用"]},
    },
    "Conflict resolution": {
        "en": {"noun": ["mediation between neighbours", "conflict resolution", "calming down disputes",
                        "restorative conversations", "de-escalation", "sorting out fallings-out in groups"],
               "share": ["I'm a trained community mediator - noise complaints, fence disputes, committee blow-ups",
                         "happy to help when two people in your group have stopped speaking"],
               "learn": ["want to learn to handle arguments at our tenants' meetings before they blow up"]},
        "es": {"noun": ["mediación de conflictos", "resolución de conflictos vecinales"]},
        "nl": {"noun": ["buurtbemiddeling", "conflicten oplossen"]},
        "fr": {"noun": ["médiation", "résolution de conflits"]},
        "ar": {"noun": ["حل النزاعات", "الوساطة بين الجيران"]},
        "sw": {"noun": ["usuluhishi wa migogoro"]},
        "vi": {"noun": ["hòa giải mâu thuẫn"]},
        "ja": {"noun": ["もめごとの調停", "対立の解決"]},
        "tl": {"noun": ["pag-aayos ng away sa barangay"]},
    },
    "Tutoring": {
        "en": {"noun": ["homework help", "one-on-one tutoring", "maths tutoring for teenagers",
                        "reading support for kids", "tutoring"],
               "share": ["I tutor high schoolers in maths and chemistry at the library homework club",
                         "patient one-to-one help with reading for primary kids"],
               "learn": ["want to volunteer as a tutor but don't know how to explain things simply"]},
        "es": {"noun": ["clases particulares", "apoyo escolar", "refuerzo de tareas"]},
        "nl": {"noun": ["bijles", "huiswerkbegeleiding"]},
        "fr": {"noun": ["aide aux devoirs", "tutorat"]},
        "ar": {"noun": ["دروس خصوصية", "مساعدة في الواجبات المدرسية", "dorous khososeya"]},
        "sw": {"noun": ["masomo ya ziada", "kusaidia watoto na kazi za shule"]},
        "vi": {"noun": ["dạy kèm", "gia sư toán"]},
        "ja": {"noun": ["家庭教師", "宿題のサポート"]},
        "tl": {"noun": ["tutor sa math"]},
    },
    "Program design": {
        "en": {"noun": ["designing a programme of activities for a community centre", "programme planning",
                        "putting together a season of sessions for youth centres", "program design"],
               "share": ["I design our centre's yearly programme - what runs, for whom, and how we'll know it worked",
                         "can help you turn a vague idea into a series of sessions with a clear audience and outcome"],
               "learn": ["want to learn how to plan a whole season of activities rather than one-off things"]},
        "es": {"noun": ["diseño de programas", "programación cultural"]},
        "nl": {"noun": ["programmering", "activiteitenprogramma ontwerpen"]},
        "fr": {"noun": ["conception de programmes", "programmation culturelle"]},
        "ar": {"noun": ["تصميم البرامج المجتمعية"]},
        "sw": {"noun": ["kubuni programu za jamii"]},
        "vi": {"noun": ["thiết kế chương trình hoạt động"]},
        "ja": {"noun": ["事業企画", "講座プログラムの企画"]},
    },
    "Puppetry": {
        "en": {"noun": ["puppets", "puppet shows", "making sock and glove puppets", "shadow puppetry",
                        "marionettes"],
               "share": ["I build and perform with hand puppets - our storytime has a resident fox",
                         "can teach kids (and adults) to make shadow puppets from cereal boxes"],
               "learn": ["want to learn to work a hand puppet so it looks alive"]},
        "es": {"noun": ["títeres", "teatro de marionetas"]},
        "nl": {"noun": ["poppenspel", "handpoppen maken"]},
        "fr": {"noun": ["marionnettes", "théâtre de marionnettes"]},
        "ar": {"noun": ["مسرح العرائس", "الدمى المتحركة"]},
        "sw": {"noun": ["maonyesho ya vikaragosi"]},
        "vi": {"noun": ["múa rối", "làm rối tay"]},
        "ja": {"noun": ["人形劇", "パペット作り"]},
        "tl": {"noun": ["puppet show"]},
    },
    "Mushroom foraging": {
        "en": {"noun": ["mushroom foraging", "wild mushroom ID", "fungi hunting", "foraging for chanterelles",
                        "mycology walks"],
               "share": ["I lead autumn walks to find and identify edible mushrooms (and the ones that'll kill you)",
                         "been picking wild mushrooms for 20 years, happy to show spots and ID features"],
               "learn": ["want to learn which woodland mushrooms are safe to pick"]},
        "es": {"noun": ["recolección de setas", "buscar hongos silvestres"]},
        "nl": {"noun": ["paddenstoelen zoeken", "paddenstoelen determineren"]},
        "fr": {"noun": ["cueillette de champignons", "mycologie"]},
        "ar": {"noun": ["جمع الفطر البري"]},
        "sw": {"noun": ["kutafuta uyoga wa porini"]},
        "vi": {"noun": ["hái nấm rừng"]},
        "ja": {"noun": ["きのこ狩り", "野生きのこの同定"]},
    },
    "Swing dancing": {
        "en": {"noun": ["swing dancing", "lindy hop", "Charleston", "social dancing to 30s jazz", "balboa"],
               "share": ["I teach beginner lindy hop on Friday nights - no partner needed",
                         "can get anyone through their first swingout"],
               "learn": ["want to learn to dance to old jazz without stepping on everyone"]},
        "es": {"noun": ["baile swing", "lindy hop"]},
        "nl": {"noun": ["swingdansen", "lindy hop"]},
        "fr": {"noun": ["danse swing", "lindy hop"]},
        "ar": {"noun": ["رقص السوينغ"]},
        "sw": {"noun": ["kucheza dansi ya swing"]},
        "vi": {"noun": ["nhảy swing", "lindy hop"]},
        "ja": {"noun": ["スウィングダンス", "リンディホップ"]},
    },
}

SHARE_FRAMES = {
    "en": ["", "", "I can help with ", "happy to share ", "Can teach ", "ask me about ", "Offering: ",
           "librarian by day - "],
    "es": ["", "puedo enseñar ", "te ayudo con ", "sé bastante de ", "ofrezco: "],
    "nl": ["", "ik kan helpen met ", "kan uitleggen: ", "ik doe ", "aanbod: "],
    "fr": ["", "je peux aider en ", "je partage volontiers ", "je m'y connais en "],
    "ar": ["", "أقدر أساعد في ", "بعرف ", "momken asa3ed fi "],
    "sw": ["", "naweza kufundisha ", "ninaweza kusaidia na "],
    "vi": ["", "mình có thể chia sẻ về ", "có thể giúp "],
    "ja": ["", "教えられます：", "手伝えること："],
    "tl": ["", "kaya kong i-share ", "pwede akong tumulong sa ", "I can help with "],
}
LEARN_FRAMES = {
    "en": ["want to learn ", "I'd love to get better at ", "curious about ", "", "teach me ", "learning: "],
    "es": ["quiero aprender ", "me gustaría aprender ", "me interesa "],
    "nl": ["wil graag leren: ", "ik wil leren ", "interesse in "],
    "fr": ["j'aimerais apprendre ", "envie d'apprendre ", "intéressée par "],
    "ar": ["بدي أتعلم ", "habeet at3alam ", "أرغب في تعلم "],
    "sw": ["nataka kujifunza ", "ningependa kujifunza "],
    "vi": ["muốn học ", "mình muốn học "],
    "ja": ["学びたい：", "勉強したい："],
    "tl": ["gusto kong matuto ng ", "want ko matutunan ", "want to learn "],
}
AND = {"en": " and ", "es": " y ", "nl": " en ", "fr": " et ", "ar": " و ", "sw": " na ", "vi": " và ",
       "ja": "と", "tl": " at "}
SEPARATORS = [", ", "; ", " / ", " + ", "\n", " • ", ". "]

# city -> (weight, ways members write it, language mix)
CITIES: dict[str, tuple[int, list[str], dict[str, int]]] = {
    "Rotterdam": (22, ["Rotterdam", "rotterdam", "R'dam", "Rotterdam-Zuid", "Rotterdam, NL",
                       "Kralingen, Rotterdam", "010"], {"nl": 6, "en": 3, "ar": 1}),
    "Ghent": (14, ["Gent", "Ghent, Belgium", "gent", "Gent (Ledeberg)", "Ghent BE"], {"nl": 6, "en": 3, "fr": 1}),
    "Valencia": (14, ["Valencia", "València", "valencia, españa", "Russafa, Valencia"], {"es": 3, "en": 1}),
    "Mexico City": (18, ["CDMX", "Ciudad de México", "Mexico City", "cdmx (Coyoacán)", "México DF"],
                    {"es": 4, "en": 1}),
    "Bogota": (14, ["Bogotá", "Bogota", "bogotá, colombia", "Chapinero, Bogotá"], {"es": 4, "en": 1}),
    "Montreal": (18, ["Montréal", "Montreal", "MTL", "montreal, QC", "Plateau, Montréal"], {"fr": 1, "en": 1}),
    "Chicago": (26, ["Chicago", "Chicago, IL", "chi-town", "Pilsen (Chicago)", "chicago"], {"en": 4, "es": 1}),
    "Nairobi": (18, ["Nairobi", "nairobi, kenya", "Nbi", "Kibera, Nairobi"], {"en": 3, "sw": 2}),
    "Dar es Salaam": (12, ["Dar es Salaam", "Dar", "dar es salaam, TZ", "Dsm"], {"sw": 3, "en": 2}),
    "Casablanca": (12, ["Casablanca", "Casa", "الدار البيضاء", "casablanca, maroc"], {"ar": 2, "fr": 2, "en": 1}),
    "Amman": (16, ["Amman", "عمّان", "amman, jordan", "Jabal Al-Weibdeh, Amman"], {"ar": 3, "en": 2}),
    "Ho Chi Minh City": (18, ["Saigon", "HCMC", "TP.HCM", "Sài Gòn", "Ho Chi Minh City"], {"vi": 7, "en": 3}),
    "Osaka": (14, ["Osaka", "大阪", "大阪市", "osaka, japan"], {"ja": 3, "en": 2}),
    "Manila": (18, ["Manila", "Metro Manila", "Maynila", "manila ph"], {"tl": 1}),
    "Melbourne": (24, ["Melbourne", "Naarm / Melbourne", "melb", "Footscray, Melbourne"], {"en": 1}),
    "Glasgow": (12, ["Glasgow", "glasgow", "Glesga", "Govan, Glasgow"], {"en": 1}),
}
NOWHERE = [None, None, "online", "earth 🌍", "here and there", "n/a", "wherever the wifi is", "-",
           "between two cities lol"]
ANYWHERE_LANGUAGES = {"en": 6, "es": 1, "fr": 1, "ar": 1}

# What each kind of member tends to offer; weights, not rules.
ROLES: dict[str, tuple[int, dict[str, int]]] = {
    "librarian": (35, {"IT support": 3, "Digital literacy": 5, "GLAM partnerships": 3, "Archival research": 4,
                       "Program design": 2, "Storytelling": 4, "Grants management": 2, "Puppetry": 2,
                       "Language documentation": 2, "Writing": 2, "HTML & CSS": 1, "Presentation design": 1}),
    "teacher": (30, {"Assessment": 4, "Instructional design": 3, "Online teaching": 4,
                     "Learning management systems": 3, "STEM education": 3, "Educational technology": 3,
                     "Tutoring": 4, "English": 2, "Spanish": 2, "French": 2, "Presentation design": 2,
                     "Writing": 1, "Storytelling": 1}),
    "organiser": (25, {"Facilitation": 5, "Leadership": 3, "Networking": 3, "Conflict resolution": 4,
                       "Strategic planning": 3, "Grants management": 2, "Design thinking": 2,
                       "Program design": 3, "Swing dancing": 1, "Mushroom foraging": 1}),
    "tech": (10, {"HTML & CSS": 5, "IT support": 4, "Educational technology": 2, "Digital literacy": 2,
                  "Presentation design": 2, "Design thinking": 2, "Learning management systems": 2}),
}
HOBBIES = {"Puppetry": 2, "Mushroom foraging": 3, "Swing dancing": 3, "Writing": 1, "Storytelling": 1}
MOTHER_TONGUE_SKILL = {"en": "English", "es": "Spanish", "fr": "French"}

NAMES = {
    "en": ["maggie", "tom", "priya", "dev", "sarah", "jamal", "erin", "lou", "beth", "kwame", "nina", "ollie",
           "fiona", "ross", "callum", "tash", "jordan", "marcus", "alana", "kez"],
    "es": ["lucia", "mateo", "valentina", "diego", "camila", "andres", "ximena", "pablo", "marisol", "javi",
           "rocio", "nico"],
    "nl": ["maartje", "joris", "fleur", "sanne", "bram", "lieke", "wout", "annelies", "ruben", "ilse"],
    "fr": ["amelie", "etienne", "chloe", "mathis", "rachida", "benoit", "genevieve", "yanis"],
    "ar": ["layla", "omar", "rania", "yousef", "hind", "karim", "salma", "tariq", "noura", "hamza"],
    "sw": ["amani", "baraka", "neema", "juma", "zawadi", "rehema", "tumaini", "halima"],
    "vi": ["linh", "minh", "thao", "huy", "trang", "khoa", "ngoc", "bao"],
    "ja": ["yuki", "haruto", "aoi", "sota", "mei", "kenji", "sakura", "riku"],
    "tl": ["joy", "paolo", "bea", "migs", "rica", "jun", "kat", "marco"],
}
HANDLE_TAILS = ["", "_reads", ".lib", "_teach", "bib", "_org", "shelves", "_circ", "books", "_ms", "desk"]


def _sprinkle_typo(rng: random.Random, text: str) -> str:
    """People type fast: a swapped pair, a dropped letter, or caps lock in the wrong state."""
    roll = rng.random()
    if roll < 0.05 and len(text) > 6:
        i = rng.randrange(1, len(text) - 2)
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if roll < 0.08 and len(text) > 6:
        i = rng.randrange(1, len(text) - 1)
        return text[:i] + text[i + 1:]
    if roll < 0.11:
        return text.upper()
    if roll < 0.20:
        return text.lower()
    if roll < 0.24:
        return text.title()
    return text


def _pool(skill: str, language: str, kind: str) -> list[str]:
    by_language = PHRASES[skill]
    own = by_language.get(language, {}).get(kind, [])
    return own or by_language["en"].get(kind, [])


def _pick_language(rng: random.Random, skill: str, language: str) -> str:
    if language in PHRASES[skill] and rng.random() < 0.78:
        return language
    if language == "tl" and rng.random() < 0.5:
        return "tl" if "tl" in PHRASES[skill] else "en"
    return "en"


def _shares_text(rng: random.Random, skills: list[str], language: str) -> str:
    pieces, nouns_only = [], True
    for skill in skills:
        said_in = _pick_language(rng, skill, language)
        sentences = _pool(skill, said_in, "share")
        if sentences and rng.random() < 0.3:
            pieces.append(rng.choice(sentences))
            nouns_only = False
        else:
            pieces.append(_sprinkle_typo(rng, rng.choice(_pool(skill, said_in, "noun"))))
    if len(pieces) > 1 and rng.random() < 0.3:
        text = ", ".join(pieces[:-1]) + AND[language] + pieces[-1]
    else:
        text = rng.choice(SEPARATORS).join(pieces)
    if nouns_only:
        text = rng.choice(SHARE_FRAMES[language]) + text
    return text


def _learns_text(rng: random.Random, skills: list[str], language: str) -> str:
    if not skills:
        return "" if rng.random() < 0.8 else rng.choice(["-", "not sure yet", "...", "?"])
    if len(skills) == 1 and rng.random() < 0.3:
        sentences = _pool(skills[0], _pick_language(rng, skills[0], language), "learn")
        if sentences:
            return rng.choice(sentences)
    nouns = [_sprinkle_typo(rng, rng.choice(_pool(s, _pick_language(rng, s, language), "noun"))) for s in skills]
    return rng.choice(LEARN_FRAMES[language]) + AND[language].join(nouns)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    names = list(weights)
    return rng.choices(names, weights=[weights[n] for n in names])[0]


def _sample_skills(rng: random.Random, weights: dict[str, int], count: int, exclude: set[str]) -> list[str]:
    chosen: list[str] = []
    available = {k: v for k, v in weights.items() if k not in exclude}
    while len(chosen) < count and available:
        skill = _weighted(rng, available)
        chosen.append(skill)
        del available[skill]
    return chosen


def _handle(rng: random.Random, language: str, taken: set[str]) -> str:
    while True:
        name = rng.choice(NAMES[language])
        style = rng.random()
        if style < 0.3:
            handle = name + rng.choice(HANDLE_TAILS) + str(rng.randrange(2, 99))
        elif style < 0.55:
            handle = name.capitalize() + "_" + rng.choice("abcdefghijklmnoprstvwz").upper()
        elif style < 0.8:
            handle = name + rng.choice(HANDLE_TAILS[1:])
        else:
            handle = name + "." + rng.choice(NAMES[rng.choice(list(NAMES))])
        if handle.lower() not in taken:
            taken.add(handle.lower())
            return handle


def _plant_local_interest(rng: random.Random, drafts: list) -> None:
    """A circle that meets in a city is posted because someone there can lead it and a few neighbours
    asked for it; make sure each in-person circle's city has one such person and two such neighbours."""
    for _, _, _, skills, city in CIRCLES:
        if city is None:
            continue
        locals_ = [d for d in drafts if d[0] == city and d[5]]
        rng.shuffle(locals_)
        if not any(set(d[3]) & set(skills) for d in locals_):
            leader = next(d for d in locals_ if len(d[3]) < 3 and skills[0] not in d[4])
            leader[3].append(skills[0])
        askers = [d for d in locals_ if len(d[4]) < 2 and not set(skills) & set(d[3] + d[4])]
        for asker in askers[:2]:
            asker[4].append(rng.choice(skills))


def members() -> list[Person]:
    rng = random.Random(912_004)
    count = 300
    nowhere = set(rng.sample(range(count), 30))
    ineligible = set(rng.sample(range(count), 19))
    city_names = list(CITIES)
    city_weights = [CITIES[c][0] for c in city_names]
    every_skill = {skill: 1 for skill in PHRASES}
    taken: set[str] = set()
    drafts = []
    for index in range(count):
        if index in nowhere:
            city, location, language = None, rng.choice(NOWHERE), _weighted(rng, ANYWHERE_LANGUAGES)
        else:
            city = rng.choices(city_names, weights=city_weights)[0]
            _, spellings, languages = CITIES[city]
            location, language = _sprinkle_typo(rng, rng.choice(spellings)), _weighted(rng, languages)
        role = rng.choices(list(ROLES), weights=[ROLES[r][0] for r in ROLES])[0]
        shares = _sample_skills(rng, ROLES[role][1], rng.choices([1, 2, 3], weights=[4, 4, 2])[0], set())
        if rng.random() < 0.18 and len(shares) < 3:
            shares += _sample_skills(rng, HOBBIES, 1, set(shares))
        mother_tongue = MOTHER_TONGUE_SKILL.get(language)
        if mother_tongue and mother_tongue not in shares and len(shares) < 3 and rng.random() < 0.1:
            shares.append(mother_tongue)
        learn_weights = dict(every_skill, **{s: 3 for s in ROLES[role][1]})
        if mother_tongue:
            learn_weights.pop(mother_tongue, None)
        learns = _sample_skills(rng, learn_weights, rng.choices([0, 1, 2], weights=[3, 5, 2])[0], set(shares))
        drafts.append((city, location, language, shares, learns, index not in ineligible))
    _plant_local_interest(rng, drafts)
    people = []
    for index, (city, location, language, shares, learns, eligible) in enumerate(drafts):
        people.append(Person(
            member_id=FIRST_ID + index,
            username=_handle(rng, language, taken),
            shares_text=_shares_text(rng, shares, language),
            learns_text=_learns_text(rng, learns, language),
            location=location,
            city=city,
            shares=frozenset(shares),
            learns=frozenset(learns),
            eligible=eligible,
        ))
    return people


# (title, first post, tags, skills, city or None when online)
CIRCLES: list[tuple[str, str, tuple[str, ...], tuple[str, ...], str | None]] = [
    ("Spreekuur voor wie vastloopt",
     "Elke zaterdagochtend staan er mensen aan de balie met een laptop die niet meer opstart, een printer die "
     "niks doet of een telefoon vol meldingen die ze niet snappen. Wij (twee collega's en een vrijwilliger) "
     "willen samen leren hoe je dat soort problemen snel vindt en oplost, en hoe je het daarna aan de bezoeker "
     "uitlegt zodat die het volgende keer zelf kan. Zaterdag 10:00-12:00 in de leeszaal van de vestiging "
     "Delfshaven, vanaf 18 januari. Neem je eigen rare storing mee.",
     ("rotterdam", "zaterdag", "in-person"), ("IT support", "Digital literacy"), "Rotterdam"),
    ("Pens down, drafts up",
     "Every one of us has a half-finished thing in a drawer. This circle is for getting it out: we read a page "
     "aloud each week, everyone says one thing that worked and one question, and then we go home and do "
     "another page. Poems, short stories, memoir, the chapter you keep rewriting - all welcome. Tuesdays "
     "6:30pm, upstairs meeting room at Footscray library, six weeks from Feb 4. Tea provided, biscuits "
     "depending on who remembers.",
     ("melbourne", "weeknight", "in-person"), ("Writing",), "Melbourne"),
    ("Las grabaciones de la abuela",
     "Mi abuela habla el otomí de su pueblo y cada año quedan menos personas que lo hablan. Quiero armar un "
     "grupo para aprender juntos a grabar bien (micrófono, consentimiento, metadatos), transcribir y guardar "
     "las grabaciones en un lugar donde no se pierdan. Nos vemos los jueves a las 17:00 en la Biblioteca "
     "Vasconcelos, sala 3, a partir del 6 de febrero. Si alguien ya ha hecho trabajo de campo con hablantes, "
     "¡le necesitamos!",
     ("cdmx", "presencial", "jueves"), ("Language documentation",), "Mexico City"),
    ("Museum basement, library upstairs",
     "Our branch shares a building with a small neighbourhood museum and in eight years we've done exactly "
     "one thing together. I'd like a circle of people from libraries, museums, archives and galleries to "
     "swap how their joint projects actually got started: who you called, what the loan agreement looked "
     "like, who paid for the insurance. Second Wednesday of the month, 5pm, Chicago Public Library Harold "
     "Washington Center, room 4N. Starting March.",
     ("chicago", "monthly", "in-person"), ("GLAM partnerships",), "Chicago"),
    ("Autumn walks with a basket and a knife",
     "After last year's wet October the woods south of Gent were full of caps and nobody in our group knew "
     "which were dinner and which were the hospital. A few of us want to go out together with somebody who "
     "knows, learn the features that matter (gills, spore prints, smell, what grows under which tree) and "
     "never eat anything on a guess. Sundays 9:00, meeting at the Aardeweg parking near the Vinderhoutse "
     "bossen, October to November. Bring a basket, not a plastic bag.",
     ("gent", "outdoors", "weekends"), ("Mushroom foraging",), "Ghent"),
    ("The sock drawer theatre",
     "Our Saturday storytime at the Tondo branch has grown to forty kids and my voice alone is not enough "
     "anymore. I'd love a small group to learn together how to make simple puppets from socks and boxes and "
     "bring them alive while telling the story - the voice, the hands, the pauses. Saturdays 2pm, children's "
     "area, Manila City Library, starting Feb 8. Pwede rin ang mga magulang!",
     ("manila", "kids", "in-person"), ("Puppetry", "Storytelling"), "Manila"),
    ("Friday night, six-count basics",
     "The church hall on rue Rachel has a sprung wooden floor and nobody uses it on Friday evenings, so we're "
     "taking it. Old jazz records, beginners' basics for the first hour, then social dancing. No partner "
     "needed, we rotate. Comfortable shoes with a smooth sole. Fridays 7:30-9:30pm from Jan 17, free, hat "
     "passed round for the hall. / Les vendredis soir, débutants bienvenus.",
     ("montreal", "friday", "in-person", "bilingual"), ("Swing dancing",), "Montreal"),
    ("Tuesday conversation tables",
     "Many of the families who come to our community centre in Jabal Al-Weibdeh read English fine but "
     "freeze when they have to speak it at a job interview or the doctor's. We're setting up tables of four "
     "or five: one confident speaker, the rest practising, a topic card on each table. Tuesdays 6pm at the "
     "Weibdeh community library, ground floor. Volunteers who speak English comfortably especially welcome; "
     "learners of all levels too.",
     ("amman", "in-person", "weekly"), ("English",), "Amman"),
    ("Charla sin vergüenza",
     "Somos un grupo de bibliotecarios de Bogotá y queremos abrir un espacio en línea para gente de otros "
     "países que está aprendiendo español y quiere hablar sin miedo a equivocarse. Ustedes practican, "
     "nosotros conversamos, y de paso aprendemos a dar buenas explicaciones. Miércoles 7 p.m. (hora de "
     "Colombia) por Jitsi, enlace en este hilo. Niveles A2 en adelante.",
     ("online", "español", "miércoles"), ("Spanish",), None),
    ("Café-jasette du jeudi",
     "Pour les nouveaux arrivants qui suivent la francisation et qui veulent pratiquer ailleurs qu'en classe : "
     "on se retrouve autour d'un café pour parler de tout et de rien, en français seulement (ou presque). "
     "Des bénévoles francophones animent chaque table. Jeudis de 18h à 19h30, Bibliothèque du Plateau, salle "
     "communautaire, à partir du 23 janvier. Gratuit.",
     ("montreal", "francisation", "en personne"), ("French",), "Montreal"),
    ("Evening class, now on a screen",
     "Our adult education centre is moving three of its evening classes online from April and the teachers "
     "(me included) have mostly taught in rooms with chairs. I'd like a circle where we try things on each "
     "other: how to start a live session, breakout groups that don't go silent, where to post the week's "
     "materials and collect work so students can find it. Mondays 8pm GMT, online, six weeks. Zoom link "
     "posted the day before.",
     ("online", "teachers", "evenings"), ("Online teaching", "Learning management systems"), None),
    ("Marks that mean something",
     "I've been teaching Year 9 science for five years and I still don't like how I grade. Looking for a "
     "few teachers to bring one task each and rework how we judge it: clearer criteria, feedback the kids "
     "read, and tests that check the thing we taught rather than reading speed. Online, fortnightly, "
     "Thursdays 4:30pm (Glasgow time), starting Feb 6.",
     ("online", "teachers", "fortnightly"), ("Assessment",), None),
    ("From a pile of notes to a course",
     "Our library runs workshops taught by volunteers who know their subject inside out and have never "
     "planned a course. This circle works through one real course together, start to finish: what people "
     "should be able to do at the end, which activities get them there, in what order, and how we'll know "
     "it worked. Online, Wednesdays 12:30 (lunch hour, UTC), eight sessions.",
     ("online", "lunchtime"), ("Instructional design",), None),
    ("Chairing without dominating",
     "I run the monthly residents' meetings in our estate in Kibera and they always end up with the same "
     "three voices. Let's learn together how to run a meeting where everyone gets heard: agendas, "
     "go-rounds, dealing with the person who won't stop. Saturdays 10am, Kibera Community Library hall, "
     "starting 1 Feb. Tutazungumza Kiingereza na Kiswahili.",
     ("nairobi", "in-person", "saturday"), ("Facilitation",), "Nairobi"),
    ("Ukiombwa kuongoza",
     "Wengi wetu tumejikuta ghafla tukiwa viongozi wa vikundi vya vijana au kamati za maktaba bila "
     "maandalizi yoyote. Kikundi hiki ni cha kujifunza pamoja jinsi ya kuongoza watu, kuwapa nafasi, na "
     "kufanya maamuzi magumu bila kuvunja timu. Tunakutana kila Jumanne saa 11 jioni, Maktaba Kuu ya Taifa, "
     "Dar es Salaam, kuanzia tarehe 4 Februari. Karibuni wote.",
     ("dar", "kiswahili", "ana kwa ana"), ("Leadership",), "Dar es Salaam"),
    ("Coffee for people who hate mingling",
     "Conferences and sector drinks are torture for half of us and yet that's where the jobs and "
     "partnerships come from. Small, gentle circle: we practise introducing ourselves, following up, and "
     "making one real contact at the next event. First Friday of the month, 8am, the café in the State "
     "Library Victoria forecourt.",
     ("melbourne", "in-person", "monthly"), ("Networking",), "Melbourne"),
    ("The back row can't read that",
     "Every term I watch colleagues present to the board with forty-line slides. Let's spend four sessions "
     "rebuilding our own decks: one idea per slide, pictures that earn their place, type you can read from "
     "the back. Bring a real deck you have to present soon. Online, Tuesdays 7pm CET.",
     ("online", "four-weeks"), ("Presentation design",), None),
    ("After the money lands",
     "We just won our first big foundation grant (three years, two part-time staff) and I realise nobody on "
     "our committee knows how to run one: budget lines, what can be moved, tracking spend against "
     "milestones, keeping the paperwork audit-ready. Looking for people who have done it and people who are "
     "about to. Online, every other Monday, 5pm East Africa time.",
     ("online", "nonprofits"), ("Grants management",), None),
    ("¿Dónde estará la biblioteca en 2030?",
     "El ayuntamiento nos pide un plan a cinco años para la red de bibliotecas de barrio y no queremos "
     "hacerlo entre tres personas en un despacho. Propongo un círculo para aprender a conducir un proceso "
     "de plan con vecinos y personal: diagnóstico, prioridades, metas y cómo revisarlas. Lunes a las 18:00 "
     "en la Biblioteca de Russafa, a partir del 10 de febrero, seis sesiones.",
     ("valencia", "presencial", "lunes"), ("Strategic planning",), "Valencia"),
    ("付箋とペルソナで考える新しい子どもコーナー",
     "来年、分館の児童コーナーを改装します。職員だけで決めるのではなく、利用する親子に話を聞き、アイデアを"
     "たくさん出して、段ボールで試作して、実際に使ってもらいながら形にしていく方法をみんなで学びたいです。"
     "毎週土曜 14時〜16時、大阪市立中央図書館の会議室で。2月15日スタート、全6回。",
     ("大阪", "対面", "土曜"), ("Design thinking",), "Osaka"),
    ("Tự tay làm trang web cho thư viện",
     "Trang web của thư viện phường mình đang dùng một trình tạo trang kéo-thả rất chậm và khó sửa. Mình "
     "muốn lập một nhóm cùng học viết trang bằng tay: thẻ, bố cục, màu sắc, làm sao để hiển thị tốt trên "
     "điện thoại. Tối thứ Năm 19h, tại thư viện Quận 3, TP.HCM, bắt đầu từ 13/2. Mang laptop theo nhé.",
     ("saigon", "trực tiếp", "tối thứ năm"), ("HTML & CSS",), "Ho Chi Minh City"),
    ("Robots before homework",
     "Our after-school club at the Maarif library has a box of robot kits, some magnets and a lot of "
     "curious 10-year-olds, and none of the volunteers has a science background. We want to learn together "
     "how to run hands-on sessions that teach real ideas, not just keep kids busy. Wednesdays 3pm, "
     "Médiathèque Maarif, Casablanca, from Feb 12. On parle français, arabe et anglais.",
     ("casablanca", "kids", "in-person"), ("STEM education",), "Casablanca"),
    ("تابلت بالصف بدون فوضى",
     "وزعت المدرسة أجهزة لوحية على الصفوف، ونص المعلمين ما بعرفوا شو يعملوا فيها غير عرض الفيديوهات. بدنا "
     "نتعلم مع بعض أي التطبيقات بتفيد فعلاً في الحصة، وكيف نستخدمها بدون ما يضيع الدرس. كل أحد الساعة 4 "
     "العصر في مكتبة شومان، عمّان، ابتداءً من 9 شباط.",
     ("عمان", "معلمين", "حضوري"), ("Educational technology",), "Amman"),
    ("When the neighbours stop speaking",
     "Our block club has split over the community garden fence, and the tenants' association is heading the "
     "same way over parking. A few of us want to learn how to sit two sides down and get them talking "
     "again, before we need lawyers. Thursdays 7pm, Pilsen branch library meeting room, from Feb 13.",
     ("chicago", "in-person", "neighbours"), ("Conflict resolution",), "Chicago"),
    ("Homework club needs grown-ups",
     "The library homework club in Feijenoord gets 30 kids on a busy afternoon and four volunteers. New "
     "volunteers are welcome, and the rest of us would like to get better at explaining fractions and "
     "reading comprehension one-to-one without just giving the answer. Mondays and Wednesdays 15:30-17:00, "
     "Bibliotheek Feijenoord, Rotterdam. Dutch and English both fine.",
     ("rotterdam", "kids", "in-person"), ("Tutoring",), "Rotterdam"),
    ("Who lived in our house?",
     "A group of us in Govan want to write the history of our street, house by house, from rate books, "
     "census returns, old newspapers and the photos in the city archives at the Mitchell. None of us has "
     "done it before. Saturdays 11am, meeting in the Mitchell Library foyer, from Feb 1; we'll split up "
     "into the reading rooms from there.",
     ("glasgow", "local-history", "saturday"), ("Archival research",), "Glasgow"),
    ("Turuan natin si Lola mag-video call",
     "Sa barangay namin ang daming senior na gusto lang makausap ang mga apo sa abroad pero hindi marunong "
     "gumamit ng phone. Let's learn together paano magturo nang mahinahon: mag-video call, mag-email, "
     "mag-online form for pension. Every Sunday 3pm, Barangay 630 hall, Sampaloc, Manila. Starting Feb 9.",
     ("manila", "seniors", "in-person"), ("Digital literacy",), "Manila"),
    ("Lindy for people with two left feet",
     "The library staff social is in May and somebody promised a dance. Beginners only: we'll learn the "
     "basic step, the swingout and how not to panic when the music speeds up. Thursdays 6pm, Brunswick "
     "Town Hall, Melbourne, March-April. No partner needed.",
     ("melbourne", "in-person", "beginners"), ("Swing dancing",), "Melbourne"),
    ("Hadithi kabla ya kulala",
     "We want to revive telling stories out loud for the children who come to the library after school - "
     "no book in hand, just the tale, the voice and the audience. Each week one of us tells, the rest "
     "listen and give notes. Fridays 4pm, McMillan Memorial Library, Nairobi CBD, from Feb 7. Kiswahili "
     "or English, whichever the story wants.",
     ("nairobi", "kids", "in-person"), ("Storytelling",), "Nairobi"),
    ("Een jaarprogramma dat ergens over gaat",
     "In ons buurthuis in Ledeberg organiseren we elk jaar losse activiteiten die toevallig ontstaan. "
     "Dit jaar willen we een programma dat klopt: voor wie, met welk doel, in welke volgorde, en hoe we "
     "merken of het werkt. Kringgesprekken op dinsdagavond 19u30, Buurthuis Ledeberg, Gent, vanaf 11 "
     "februari. Ook welkom als je in een bieb of jeugdhuis werkt.",
     ("gent", "dinsdag", "in-person"), ("Program design",), "Ghent"),
]


def circles(people: list[Person]) -> list[Proposal]:
    rng = random.Random(912_005)
    proposals = []
    for title, raw, tags, skills, city in CIRCLES:
        wanted = set(skills)
        sharers = [p for p in people if p.eligible and p.shares & wanted]
        local = [p for p in sharers if p.city == city] if city else []
        author = rng.choice(local or sharers)
        proposals.append(Proposal(
            title=title, raw=raw, tags=tags, author_id=author.member_id, skills=frozenset(skills), city=city,
        ))
    return proposals
