"""An eleventh sealed held-out community, written from the skill names alone by an independent author.

A forum of open-source contributors, makers, artists and small nonprofits in big cities: 300 members
(ids 140001-140300) and 30 proposed learning circles. Members write the way such people post: short,
informal, emoji-prone, full of jargon, tool names and abbreviations, now and then a whole sentence
about what they do instead of a skill's name, with typos and odd capitals. About half write in
English; the rest write in Korean, Russian, Romanian, Greek, Catalan, Brazilian Portuguese or
Mandarin in pinyin, and switch to English for a skill now and then. Twenty-two cities on six
continents are written as people write them ("ldn", "sampa", "서울 마포구", "Bucuresti"); some
members give no useful location and a few are not eligible to be matched.

The truth is 26 taxonomy skills (C++, Rust, Software testing, DevOps, Open source software, Web
design, Community management, Communications strategy, Operations, Social innovation, Product
management, Lean startup, Gender gap initiatives, Russian, German, Arduino, 3D printing,
Illustration, Animation, Typography, Music production, Creative Commons licensing, Grants
management, Hackathon organising, Knowledge equity, UX design) and three that are not in the
taxonomy (FREE_SKILLS). The circles' titles seldom name a skill; their first posts describe what the
group will do and what people leave with, plus when and where, and a dozen are in
another language or mix one with English.

Never tune on it: read its figures, never its texts, and never change the texts after seeing a figure.
"""
from __future__ import annotations

import random

from tests.sync.matching.heldout import Person, Proposal

FREE_SKILLS = ("Screen printing", "Lockpicking", "Skateboarding")
FIRST_ID = 140001
_SEED = 1411

# How each skill gets written, by language: phrases that fit in "can help with ___" or "want to
# learn ___", and ("said") whole sentences someone sharing it might write instead.
_WRITTEN: dict[str, dict[str, list[str]]] = {
    "C++": {
        "en": ["C++", "cpp", "modern c++ (17/20)", "CMake hell survivor", "c plus plus", "templates & RAII",
               "Qt desktop apps", "game engine code", "cpp / low-level perf stuff"],
        "said": ["i write the fast bits when python gives up (c++)", "been fighting segfaults since 2009 lol",
                 "I maintain a chunky C++ codebase w/ too many #ifdefs"],
        "ko": ["C++ 개발", "씨쁠쁠", "언리얼 엔진 C++"],
        "ru": ["плюсы (C++)", "С++ разработка", "пишу на плюсах"],
        "ro": ["programare in C++", "C++ modern"],
        "el": ["προγραμματισμός σε C++", "C++ (ναι ακόμα)"],
        "ca": ["programació en C++"],
        "pt": ["C++ moderno", "programação em c++"],
        "zh": ["C++ biancheng", "xie C++ daima"],
    },
    "Rust": {
        "en": ["Rust", "rustlang 🦀", "cargo + crates", "borrow checker wrangling", "ferris stuff 🦀",
               "rust (tokio, axum)", "memory-safe systems code", "rust-lang"],
        "said": ["i rewrite things in rust, sorry not sorry 🦀", "I can explain lifetimes without crying (mostly)"],
        "ko": ["러스트", "Rust 언어"],
        "ru": ["Раст", "пишу на Rust"],
        "ro": ["Rust (limbajul, nu rugina 😅)"],
        "el": ["γλώσσα Rust"],
        "ca": ["Rust, el llenguatge del cranc"],
        "pt": ["rust 🦀", "linguagem Rust"],
        "zh": ["Rust yuyan"],
    },
    "Software testing": {
        "en": ["testing", "QA", "unit tests / pytest", "e2e tests w/ playwright", "TDD", "regression suites",
               "flaky-test hunting", "test automation (selenium, cypress)", "writing tests nobody else writes"],
        "said": ["i break your app on purpose so users don't have to",
                 "I'm the one who asks 'but did you try it on Safari'"],
        "ko": ["QA 테스트", "소프트웨어 테스트", "테스트 자동화"],
        "ru": ["тестирование ПО", "автотесты", "QA / тестировщик"],
        "ro": ["testare software", "teste automate"],
        "el": ["έλεγχος λογισμικού", "testing / QA"],
        "ca": ["proves de programari", "tests automàtics"],
        "pt": ["testes automatizados", "QA / testes de software"],
        "zh": ["ruanjian ceshi", "zidonghua ceshi"],
    },
    "DevOps": {
        "en": ["devops", "CI/CD pipelines", "docker + k8s", "kubernetes", "terraform/ansible", "github actions",
               "SRE-ish stuff", "infra as code", "dev ops"],
        "said": ["I keep the deploys green and the pager quiet", "yaml engineer (derogatory) 🙃"],
        "ko": ["데브옵스", "CI/CD 구축", "쿠버네티스"],
        "ru": ["девопс", "CI/CD, докер, кубер"],
        "ro": ["devops si pipeline-uri CI/CD"],
        "el": ["DevOps / CI-CD"],
        "ca": ["devops i desplegaments"],
        "pt": ["devops, esteira de CI/CD", "infra como código"],
        "zh": ["DevOps yunwei", "chixu jicheng CI/CD"],
    },
    "Open source software": {
        "en": ["open source", "FOSS", "OSS maintainer", "FLOSS contributions", "maintaining a github project",
               "good-first-issues & first PRs", "upstream contributions", "open-source"],
        "said": ["maintainer of a smallish lib with too many open issues 😩",
                 "i help people land their first pull request"],
        "ko": ["오픈소스 기여", "오픈소스 프로젝트 운영"],
        "ru": ["опенсорс", "открытое ПО", "контрибьючу в open source"],
        "ro": ["software open-source", "contributii open source"],
        "el": ["ελεύθερο λογισμικό / ΕΛ/ΛΑΚ", "ανοιχτό λογισμικό"],
        "ca": ["programari lliure", "codi obert"],
        "pt": ["software livre", "código aberto"],
        "zh": ["kaiyuan ruanjian", "kaiyuan gongxian"],
    },
    "Web design": {
        "en": ["web design", "websites that don't look like 2004", "figma → webflow", "squarespace / webflow sites",
               "landing pages", "responsive layouts", "webdesign"],
        "said": ["i make websites for bands and bakeries", "I design sites for nonprofits on a shoestring"],
        "ko": ["웹디자인", "홈페이지 디자인"],
        "ru": ["веб-дизайн", "дизайн сайтов"],
        "ro": ["web design", "design de site-uri"],
        "el": ["σχεδιασμός ιστοσελίδων"],
        "ca": ["disseny web"],
        "pt": ["web design", "criação de sites"],
        "zh": ["wangye sheji", "wangzhan sheji"],
    },
    "Community management": {
        "en": ["community mgmt", "running a discord", "community manager", "discord/slack community ops",
               "keeping a members' server alive", "DevRel-ish community work"],
        "said": ["I run a 4k-member discord and somehow still like people", "i herd cats on slack for a living 🐈"],
        "ko": ["커뮤니티 매니징", "디스코드 커뮤니티 운영"],
        "ru": ["комьюнити-менеджмент", "веду сообщество в телеге"],
        "ro": ["community management", "administrez comunitati online"],
        "el": ["διαχείριση κοινότητας"],
        "ca": ["gestió de comunitats"],
        "pt": ["gestão de comunidade", "community manager"],
        "zh": ["shequn yunying", "shequ guanli"],
    },
    "Communications strategy": {
        "en": ["comms strategy", "comms plans", "messaging & positioning", "strategic comms",
               "key messages / audience mapping", "comms for NGOs"],
        "said": ["i figure out what we say, to whom, and when",
                 "I write the comms plan nobody reads until launch week"],
        "ko": ["커뮤니케이션 전략", "홍보 전략 수립"],
        "ru": ["коммуникационная стратегия", "стратегия коммуникаций"],
        "ro": ["strategie de comunicare"],
        "el": ["στρατηγική επικοινωνίας"],
        "ca": ["estratègia de comunicació"],
        "pt": ["estratégia de comunicação", "plano de comunicação"],
        "zh": ["chuanbo celue", "xuanchuan celue"],
    },
    "Operations": {
        "en": ["ops", "operations", "back-office ops", "processes, SOPs, tooling", "nonprofit ops", "COO-ish work",
               "keeping the lights on (admin/ops)"],
        "said": ["i'm the person who knows where the keys, invoices and passwords are",
                 "I make small orgs run smoother: SOPs, rotas, vendor stuff"],
        "ko": ["운영 관리", "조직 운영"],
        "ru": ["операционка", "операционное управление"],
        "ro": ["operatiuni", "management operational"],
        "el": ["λειτουργίες / operations"],
        "ca": ["operacions"],
        "pt": ["operações", "gestão operacional"],
        "zh": ["richang yunying guanli", "xingzheng yunying"],
    },
    "Social innovation": {
        "en": ["social innovation", "social impact projects", "civic tech", "impact ventures", "systems change stuff",
               "social enterprise ideas"],
        "said": ["i prototype new ways for neighbourhoods to solve their own problems",
                 "I work on civic-tech experiments with city hall"],
        "ko": ["소셜 이노베이션", "사회혁신"],
        "ru": ["социальные инновации", "соцпредпринимательство"],
        "ro": ["inovare sociala"],
        "el": ["κοινωνική καινοτομία"],
        "ca": ["innovació social"],
        "pt": ["inovação social", "negócios de impacto"],
        "zh": ["shehui chuangxin"],
    },
    "Product management": {
        "en": ["product management", "PM (product, not project)", "product mgmt (roadmaps, specs)", "product owner",
               "writing PRDs", "roadmapping & prioritisation", "discovery + backlog grooming"],
        "said": ["I decide what we build next and take the blame for it",
                 "i turn 40 feature requests into a roadmap people can live with"],
        "ko": ["프로덕트 매니지먼트", "PM 기획", "서비스 기획"],
        "ru": ["продакт-менеджмент", "продакт", "управление продуктом"],
        "ro": ["product management", "product owner"],
        "el": ["διαχείριση προϊόντος"],
        "ca": ["gestió de producte"],
        "pt": ["gestão de produto", "PM de produto"],
        "zh": ["chanpin jingli", "chanpin guanli"],
    },
    "Lean startup": {
        "en": ["lean startup", "MVPs & experiments", "build-measure-learn", "customer discovery interviews",
               "lean canvas", "validating ideas before spending $$"],
        "said": ["i help teams test an idea in 2 weeks instead of building it for 2 years",
                 "I ship ugly MVPs on purpose"],
        "ko": ["린 스타트업", "MVP 검증"],
        "ru": ["лин-стартап", "бережливый стартап", "MVP и гипотезы"],
        "ro": ["lean startup", "validare de idei / MVP"],
        "el": ["lean startup / MVP"],
        "ca": ["lean startup", "validar idees amb MVP"],
        "pt": ["lean startup", "validação de MVP"],
        "zh": ["jingyi chuangye", "MVP yanzheng"],
    },
    "Gender gap initiatives": {
        "en": ["closing the gender gap in tech", "women in tech programs", "women-in-FOSS outreach",
               "gender diversity initiatives", "getting more women & nb folks into open source"],
        "said": ["i run a meetup that gets more women & nonbinary people committing code",
                 "I co-organise a women-who-code chapter"],
        "ko": ["여성 개발자 커뮤니티", "테크 분야 성별 격차 해소"],
        "ru": ["женщины в IT", "гендерный разрыв в IT"],
        "ro": ["femei in tehnologie", "reducerea decalajului de gen"],
        "el": ["γυναίκες στην τεχνολογία", "έμφυλο χάσμα"],
        "ca": ["dones i tecnologia", "bretxa de gènere"],
        "pt": ["mulheres na tecnologia", "diversidade de gênero em TI"],
        "zh": ["keji nüxing", "xingbie chaju"],
    },
    "Russian": {
        "en": ["Russian", "russian (native)", "русский язык", "ru speaker", "russian conversation practice"],
        "said": ["i grew up speaking russian, happy to do conversation practice"],
        "ko": ["러시아어"],
        "ru": ["русский язык", "русский — родной", "русский как иностранный"],
        "ro": ["limba rusa"],
        "el": ["ρωσικά"],
        "ca": ["rus"],
        "pt": ["russo"],
        "zh": ["eyu", "E yu"],
    },
    "German": {
        "en": ["German", "deutsch", "german (B2-ish)", "german for expats", "Deutsch lernen"],
        "said": ["ich spreche deutsch, can help with the Amt letters too", "native german speaker, patient w/ grammar"],
        "ko": ["독일어"],
        "ru": ["немецкий", "немецкий язык"],
        "ro": ["limba germana"],
        "el": ["γερμανικά"],
        "ca": ["alemany"],
        "pt": ["alemão"],
        "zh": ["deyu"],
    },
    "Arduino": {
        "en": ["arduino", "ardunio", "esp32 / arduino stuff", "microcontrollers", "blinking LEDs 💡 (arduino)",
               "sensor projects w/ arduino nano", "platformio + uno"],
        "said": ["I make plants text me when they're thirsty 🌱 (arduino)",
                 "i can get your arduino to talk to a sensor"],
        "ko": ["아두이노", "아두이노 메이킹"],
        "ru": ["ардуино", "Arduino и ESP32"],
        "ro": ["arduino", "proiecte cu arduino"],
        "el": ["κατασκευές με Arduino"],
        "ca": ["arduino"],
        "pt": ["arduíno", "projetos com Arduino"],
        "zh": ["Arduino kaifa", "danpianji"],
    },
    "3D printing": {
        "en": ["3d printing", "3D printer wrangling", "prusa / bambu", "FDM printing", "slicing in cura",
               "resin printing",
               "3dp"],
        "said": ["i print replacement parts for everything in my flat",
                 "I tune prusas until the first layer is perfect"],
        "ko": ["3D 프린팅", "3D프린터"],
        "ru": ["3D-печать", "3д принтер"],
        "ro": ["printare 3D", "imprimare 3d"],
        "el": ["3D εκτύπωση"],
        "ca": ["impressió 3D"],
        "pt": ["impressão 3D"],
        "zh": ["3D dayin"],
    },
    "Illustration": {
        "en": ["illustration", "drawing", "procreate doodles", "editorial illustration", "zines & drawings",
               "character art", "ilustration"],
        "said": ["i draw the little mascots on our stickers", "I illustrate kids' books and protest posters"],
        "ko": ["일러스트", "일러스트레이션", "그림 그리기"],
        "ru": ["иллюстрация", "рисую иллюстрации"],
        "ro": ["ilustratie", "ilustrații"],
        "el": ["εικονογράφηση"],
        "ca": ["il·lustració"],
        "pt": ["ilustração", "desenho"],
        "zh": ["chahua", "huihua chahua"],
    },
    "Animation": {
        "en": ["animation", "2D animation", "motion graphics", "after effects", "frame-by-frame", "blender animation",
               "lottie / UI micro-animations", "stop motion"],
        "said": ["i make things move (after effects, a bit of blender)", "I animate explainer videos for NGOs"],
        "ko": ["애니메이션", "모션그래픽"],
        "ru": ["анимация", "моушн-дизайн"],
        "ro": ["animatie", "animație 2D"],
        "el": ["κινούμενα σχέδια", "animation"],
        "ca": ["animació"],
        "pt": ["animação", "motion design"],
        "zh": ["donghua", "donghua zhizuo"],
    },
    "Typography": {
        "en": ["typography", "type design", "fonts", "kerning (obsessively)", "lettering & type", "typesetting",
               "type nerd stuff"],
        "said": ["i will fix your kerning whether you ask or not", "I design fonts, mostly display faces"],
        "ko": ["타이포그래피", "폰트 디자인"],
        "ru": ["типографика", "шрифтовой дизайн"],
        "ro": ["tipografie"],
        "el": ["τυπογραφία"],
        "ca": ["tipografia"],
        "pt": ["tipografia", "design de fontes"],
        "zh": ["zipai sheji", "ziti sheji"],
    },
    "Music production": {
        "en": ["music production", "beatmaking", "ableton", "FL studio beats", "mixing & mastering", "producing tracks",
               "synths + DAW stuff", "lo-fi beats"],
        "said": ["i make beats in my bedroom, ableton mostly", "I produce for local rappers"],
        "ko": ["음악 프로듀싱", "비트메이킹"],
        "ru": ["продюсирование музыки", "сведение и биты"],
        "ro": ["productie muzicala"],
        "el": ["μουσική παραγωγή"],
        "ca": ["producció musical"],
        "pt": ["produção musical", "beats"],
        "zh": ["yinyue zhizuo", "bianqu"],
    },
    "Creative Commons licensing": {
        "en": ["creative commons", "CC licenses", "CC BY-SA", "open licensing for art",
               "picking the right CC license", "cc0 / public domain dedications"],
        "said": ["i help artists figure out which CC license won't bite them later",
                 "I can explain BY vs BY-SA vs NC in 5 min"],
        "ko": ["크리에이티브 커먼즈", "CC 라이선스"],
        "ru": ["лицензии Creative Commons", "CC-лицензии"],
        "ro": ["licente Creative Commons"],
        "el": ["άδειες Creative Commons"],
        "ca": ["llicències Creative Commons"],
        "pt": ["licenças Creative Commons"],
        "zh": ["zhishi gongxiang xuke", "CC xuke"],
    },
    "Grants management": {
        "en": ["grants management", "managing grants", "grant admin", "tracking grant budgets & deliverables",
               "funder compliance", "grant cycles & reporting deadlines"],
        "said": ["i keep track of who funded what and what we promised them",
                 "I run our small-grants program end to end"],
        "ko": ["보조금 관리", "지원사업 관리"],
        "ru": ["управление грантами", "грантовый менеджмент"],
        "ro": ["managementul granturilor"],
        "el": ["διαχείριση επιχορηγήσεων"],
        "ca": ["gestió de subvencions"],
        "pt": ["gestão de editais", "gestão de recursos de edital"],
        "zh": ["zizhu xiangmu guanli"],
    },
    "Hackathon organising": {
        "en": ["hackathon organising", "running hackathons", "hack days", "game jams", "organising hack weekends",
               "hackathon logistics & judging"],
        "said": ["i've run 12 hackathons and still remember where the extension cords are",
                 "I organise game jams twice a year"],
        "ko": ["해커톤 운영", "해커톤 기획"],
        "ru": ["организация хакатонов", "хакатоны"],
        "ro": ["organizare hackathoane"],
        "el": ["διοργάνωση hackathon"],
        "ca": ["organitzar hackatons"],
        "pt": ["organização de hackathons"],
        "zh": ["zuzhi hackathon", "heikesong zuzhi"],
    },
    "Knowledge equity": {
        "en": ["knowledge equity", "decolonising knowledge", "making the internet reflect the majority world",
               "underrepresented knowledge & languages online", "equitable access to knowledge"],
        "said": ["i work on getting oral histories and non-western knowledge online",
                 "I care about whose knowledge makes it onto the internet"],
        "ko": ["지식 형평성"],
        "ru": ["равный доступ к знаниям"],
        "ro": ["echitate in cunoastere"],
        "el": ["ισότητα στη γνώση"],
        "ca": ["equitat del coneixement"],
        "pt": ["equidade do conhecimento"],
        "zh": ["zhishi gongping"],
    },
    "UX design": {
        "en": ["UX", "ux design", "user flows & wireframes", "usability", "figma prototypes", "interaction design",
               "ux desing"],
        "said": ["i make apps less confusing", "I sketch user flows before anyone writes code"],
        "ko": ["UX 디자인", "사용자 경험 설계"],
        "ru": ["UX-дизайн", "проектирование интерфейсов"],
        "ro": ["design UX", "experiența utilizatorului"],
        "el": ["σχεδιασμός εμπειρίας χρήστη"],
        "ca": ["disseny UX"],
        "pt": ["design de UX", "experiência do usuário"],
        "zh": ["yonghu tiyan sheji", "UX sheji"],
    },
    "Screen printing": {
        "en": ["screen printing", "screenprinting tees", "silkscreen", "serigraphy",
               "printing our own merch (screens, squeegees, plastisol)", "gig posters, pulled by hand"],
        "said": ["i print tote bags and tees for every protest in town",
                 "I burn screens in my bathroom, don't tell my landlord"],
        "ko": ["실크스크린", "스크린 프린팅"],
        "ru": ["шелкография", "трафаретная печать"],
        "ro": ["serigrafie"],
        "el": ["μεταξοτυπία"],
        "ca": ["serigrafia"],
        "pt": ["serigrafia", "silk screen"],
        "zh": ["sihua yinshua", "siwang yin"],
    },
    "Lockpicking": {
        "en": ["lockpicking", "lock picking (locksport)", "locksport", "picking pin tumblers", "single-pin picking",
               "lock sport 🔓"],
        "said": ["i open locks for fun (legally, my own)", "I run the locksport table at hacker camps"],
        "ko": ["락픽킹", "자물쇠 따기 (락스포츠)"],
        "ru": ["локпикинг", "вскрытие замков как хобби"],
        "ro": ["lockpicking", "deschiderea lacatelor (hobby)"],
        "el": ["lockpicking", "άνοιγμα κλειδαριών ως χόμπι"],
        "ca": ["obrir panys (locksport)"],
        "pt": ["lockpicking", "abrir cadeados como hobby"],
        "zh": ["kaisuo", "kaisuo aihao"],
    },
    "Skateboarding": {
        "en": ["skateboarding", "skating 🛹", "sk8", "street skating", "ollies & kickflips", "bowl / park skating",
               "longboarding"],
        "said": ["i can teach you to drop in without dying", "I've been skating since I was 12"],
        "ko": ["스케이트보드", "보드 타기 🛹"],
        "ru": ["скейтбординг", "скейт"],
        "ro": ["skateboarding", "skate"],
        "el": ["σκέιτμπορντ", "skate"],
        "ca": ["skate", "monopatí"],
        "pt": ["skate", "andar de skate"],
        "zh": ["huaban", "huaban yundong"],
    },
}

_SHARE_FRAMES = {
    "en": ["{}", "{}", "i do {}", "can help w/ {}", "{} — happy to share", "decent at {}", "{}!!", "ask me about {}",
           "I know {} pretty well", "10+ yrs of {}"],
    "ko": ["{} 할 수 있어요", "{} 알려드릴 수 있어요", "{} 경험 있음", "{} 가능", "{}"],
    "ru": ["могу помочь с: {}", "{}", "умею: {}", "делюсь: {}"],
    "ro": ["pot ajuta cu {}", "ma pricep la {}", "{}"],
    "el": ["μπορώ να βοηθήσω με {}", "ξέρω {}", "{}"],
    "ca": ["puc ajudar amb {}", "en sé de {}", "{}"],
    "pt": ["posso ajudar com {}", "manjo de {}", "{}", "sei {}"],
    "zh": ["wo hui {}", "keyi bangmang: {}", "{}"],
}
_LEARN_FRAMES = {
    "en": ["{}", "want to learn {}", "{}?? pls", "curious about {}", "total noob at {}", "would love to get into {}",
           "learning {} rn", "someone pls explain {} to me"],
    "ko": ["{} 배우고 싶어요", "{} 입문하고 싶음", "{}"],
    "ru": ["хочу научиться: {}", "интересует {}", "{}"],
    "ro": ["vreau sa invat {}", "as vrea sa invat {}", "{}"],
    "el": ["θέλω να μάθω {}", "με ενδιαφέρει {}", "{}"],
    "ca": ["vull aprendre {}", "m'interessa {}", "{}"],
    "pt": ["quero aprender {}", "tô querendo aprender {}", "{}"],
    "zh": ["xiang xue {}", "wo xiang xuexi {}", "{}"],
}
_NOTHING_TO_LEARN = ["", "", "", "tbd", "n/a", "👀", "idk yet", "-"]
_SEPARATORS = [", ", " / ", " + ", "; ", " & ", "\n", " · ", " | "]
_FLOURISHES = ["✨", "🙂", "😅", "🚀", "🔥", "💜", "🤓", "🙌", "🛠️", "🎨", "☕", "👀", "lol", "tbh", "ngl", ":)"]

_LANGUAGES = ["en", "ko", "ru", "ro", "el", "ca", "pt", "zh"]
_LANGUAGE_WEIGHTS = [52, 7, 7, 6, 6, 6, 9, 7]

# Cities each language's members live in, and how they write them.
_CITIES_BY_LANGUAGE = {
    "en": ["New York", "London", "Toronto", "Lagos", "Nairobi", "Melbourne", "Mumbai", "Berlin", "Mexico City"],
    "ko": ["Seoul", "Seoul", "Berlin"],
    "ru": ["Tbilisi", "Moscow", "Berlin"],
    "ro": ["Bucharest", "Bucharest", "Cluj-Napoca", "London"],
    "el": ["Athens", "Athens", "Thessaloniki"],
    "ca": ["Barcelona"],
    "pt": ["São Paulo", "São Paulo", "Rio de Janeiro"],
    "zh": ["Shanghai", "Taipei", "Beijing"],
}
_WRITTEN_CITY = {
    "New York": ["NYC", "brooklyn", "New York, NY", "nyc (queens)", "new york"],
    "London": ["London", "ldn", "south london", "London, UK", "londres"],
    "Toronto": ["Toronto", "the 6ix", "toronto on", "TO, canada"],
    "Lagos": ["Lagos", "lagos, NG", "Yaba, Lagos", "LAGOS"],
    "Nairobi": ["Nairobi", "nbo", "Nairobi, Kenya", "nairobi ke"],
    "Melbourne": ["Melbourne", "melb", "naarm/melbourne", "Fitzroy, Melbourne"],
    "Mumbai": ["Mumbai", "bombay", "Mumbai, India", "mum"],
    "Berlin": ["berlin", "Berlin-Kreuzberg", "BER", "Берлин", "베를린", "Berlin, DE"],
    "Mexico City": ["CDMX", "Mexico City", "ciudad de méxico", "mexico df"],
    "Seoul": ["서울", "Seoul", "서울 마포구", "seoul, kr", "SEOUL 🇰🇷"],
    "Tbilisi": ["Тбилиси", "tbilisi", "Tbilisi, GE"],
    "Moscow": ["Москва", "msk", "Moscow", "мск"],
    "Bucharest": ["București", "Bucuresti", "buc", "Bucharest"],
    "Cluj-Napoca": ["Cluj", "cluj-napoca", "Cluj Napoca, RO"],
    "Athens": ["Αθήνα", "athens", "Athina", "Exarcheia, Athens"],
    "Thessaloniki": ["Θεσσαλονίκη", "thessaloniki", "Thess/niki"],
    "Barcelona": ["BCN", "Barcelona", "barna", "Gràcia, Barcelona"],
    "São Paulo": ["SP", "sampa", "São Paulo", "Sao Paulo - SP"],
    "Rio de Janeiro": ["rio", "RJ", "Rio de Janeiro", "rio 🌴"],
    "Shanghai": ["Shanghai", "上海", "shanghai, cn", "SH"],
    "Taipei": ["Taipei", "台北", "taibei"],
    "Beijing": ["Beijing", "北京", "beijing, cn"],
}
_NOWHERE = [None, None, "", "online", "🌍", "the internet", "wherever the wifi works", "remote", "earth, mostly",
            "between places rn", "on the road 🚐"]

# What people in each scene tend to share; the weights are how common each skill is there.
_SCENES = {
    "code": {"C++": 3, "Rust": 3, "Software testing": 3, "DevOps": 3, "Open source software": 4,
             "Hackathon organising": 1, "Web design": 1, "Lockpicking": 1, "Gender gap initiatives": 1},
    "maker": {"Arduino": 4, "3D printing": 4, "C++": 1, "Screen printing": 2, "Lockpicking": 2,
              "Hackathon organising": 2, "Open source software": 1, "Skateboarding": 1},
    "art": {"Illustration": 4, "Animation": 3, "Typography": 3, "Music production": 3, "Screen printing": 3,
            "Creative Commons licensing": 2, "Web design": 2, "Skateboarding": 2},
    "nonprofit": {"Grants management": 3, "Operations": 3, "Communications strategy": 3, "Community management": 3,
                  "Gender gap initiatives": 2, "Knowledge equity": 2, "Social innovation": 2},
    "product": {"Product management": 4, "Lean startup": 3, "UX design": 4, "Web design": 1, "Social innovation": 1,
                "Community management": 2, "Software testing": 1},
}
_SCENE_WEIGHTS = {"code": 26, "maker": 18, "art": 22, "nonprofit": 20, "product": 14}
_ALL_SKILLS = sorted(_WRITTEN)

_NAME_PARTS = {
    "en": ["jess", "marcus", "kat", "dev", "ola", "tunde", "priya", "sam", "nico", "ash", "rowan", "amaka", "wanjiru",
           "liam", "zoe", "kofi", "maya", "theo", "ines", "raj", "bex", "jo", "femi", "nell"],
    "ko": ["jiwoo", "minseo", "hyunwoo", "seoyeon", "dohyun", "yuna", "taeho", "sora"],
    "ru": ["sasha", "dima", "katya", "lyosha", "nastya", "misha", "olya", "vanya"],
    "ro": ["andrei", "ioana", "vlad", "ilinca", "radu", "bianca", "mihai", "oana"],
    "el": ["nikos", "eleni", "giorgos", "katerina", "yannis", "dimitra", "kostas", "sofia"],
    "ca": ["jordi", "montse", "pau", "laia", "arnau", "nuria", "marti", "berta"],
    "pt": ["joao", "bia", "thiago", "lari", "gabi", "rafa", "duda", "caio"],
    "zh": ["xiaoming", "lingling", "haoran", "yuqi", "zihan", "weiwei", "jiayi", "chen"],
}
_HANDLE_TAILS = ["", "_codes", "makes", "draws", "ops", "404", "_dev", ".png", "beats", "fox", "_prints", "hacks",
                 "_pm", "ux", "_bcn", "ftw", "lab", "zine", "rs"]


def _typo(rng: random.Random, text: str) -> str:
    """People type fast: a swapped pair of letters in one longer word, or odd capitals."""
    roll = rng.random()
    if roll < 0.12:
        words = text.split(" ")
        long = [i for i, w in enumerate(words) if len(w) > 4 and w.isascii() and w.isalpha()]
        if long:
            i = rng.choice(long)
            j = rng.randrange(1, len(words[i]) - 2)
            w = words[i]
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
            return " ".join(words)
    elif roll < 0.22:
        return text.lower()
    elif roll < 0.26:
        return text.upper()
    elif roll < 0.30:
        return text.title()
    return text


def _phrase(rng: random.Random, skill: str, language: str) -> str:
    written = _WRITTEN[skill]
    if language != "en" and rng.random() < 0.25:
        language = "en"  # code-switching: tech words often stay English
    return _typo(rng, rng.choice(written[language]))


def _shares_text(rng: random.Random, skills: list[str], language: str) -> str:
    parts = []
    for skill in skills:
        if rng.random() < (0.3 if language == "en" else 0.1):
            parts.append(_typo(rng, rng.choice(_WRITTEN[skill]["said"])))
        else:
            parts.append(rng.choice(_SHARE_FRAMES[language]).format(_phrase(rng, skill, language)))
    text = rng.choice(_SEPARATORS).join(parts)
    if rng.random() < 0.35:
        text += " " + rng.choice(_FLOURISHES)
    return text


def _learns_text(rng: random.Random, skills: list[str], language: str) -> str:
    if not skills:
        return rng.choice(_NOTHING_TO_LEARN)
    parts = [rng.choice(_LEARN_FRAMES[language]).format(_phrase(rng, skill, language)) for skill in skills]
    text = rng.choice(_SEPARATORS).join(parts)
    if rng.random() < 0.25:
        text += " " + rng.choice(_FLOURISHES)
    return text


def _pick(rng: random.Random, weights: dict[str, int], taken: set[str]) -> str:
    names = [n for n in weights if n not in taken]
    return rng.choices(names, [weights[n] for n in names])[0]


def _username(rng: random.Random, language: str, taken: set[str]) -> str:
    while True:
        name = rng.choice(_NAME_PARTS[language]) + rng.choice(_HANDLE_TAILS)
        if rng.random() < 0.4:
            name += str(rng.randrange(2, 99))
        if rng.random() < 0.15:
            name = name.capitalize()
        if name.lower() not in taken:
            taken.add(name.lower())
            return name


def members() -> list[Person]:
    rng = random.Random(_SEED)
    usernames: set[str] = set()
    people = []
    for n in range(300):
        language = rng.choices(_LANGUAGES, _LANGUAGE_WEIGHTS)[0]
        if rng.random() < 0.1:
            city, location = None, rng.choice(_NOWHERE)
        else:
            city = rng.choice(_CITIES_BY_LANGUAGE[language])
            location = rng.choice(_WRITTEN_CITY[city])
        scene = rng.choices(list(_SCENE_WEIGHTS), list(_SCENE_WEIGHTS.values()))[0]
        shares: list[str] = []
        if language == "ru" and rng.random() < 0.35:
            shares.append("Russian")
        if city == "Berlin" and language == "en" and rng.random() < 0.3:
            shares.append("German")
        for _ in range(rng.choices([1, 2, 3], [30, 50, 20])[0] - len(shares)):
            pool = _SCENES[scene] if rng.random() < 0.8 else {s: 1 for s in _ALL_SKILLS}
            shares.append(_pick(rng, pool, set(shares)))
        shares = shares[:3] or [_pick(rng, _SCENES[scene], set())]
        learns: list[str] = []
        if city == "Berlin" and "German" not in shares and rng.random() < 0.35:
            learns.append("German")
        for _ in range(rng.choices([0, 1, 2], [22, 48, 30])[0] - len(learns)):
            other = rng.choice([s for s in _SCENE_WEIGHTS if s != scene])
            pool = dict(_SCENES[other] if rng.random() < 0.6 else _SCENES[scene])
            if rng.random() < 0.08:
                pool = {"Russian": 1, "German": 1}
            pool = {s: w for s, w in pool.items() if s not in shares}
            if pool:
                learns.append(_pick(rng, pool, set(learns)))
        people.append(Person(
            member_id=FIRST_ID + n,
            username=_username(rng, language, usernames),
            shares_text=_shares_text(rng, shares, language),
            learns_text=_learns_text(rng, learns, language),
            location=location,
            city=city,
            shares=frozenset(shares),
            learns=frozenset(learns),
            eligible=rng.random() >= 0.05,
        ))
    return people


# title, first post, tags, skills, city (None: meets online)
_CIRCLES: list[tuple[str, str, tuple[str, ...], tuple[str, ...], str | None]] = [
    ("segfault support group 🫠",
     "every thursday 19:00 CET on jitsi. bring the thing that crashes and we read the stack traces together, "
     "swap tips on smart pointers, sanitizers and build configs. beginners welcome, you just need a compiler that "
     "works (ish). ~6 weeks, notes go in a shared repo.",
     ("systems", "weekly", "online"), ("C++",), None),
    ("crab club: hello world → a tiny CLI",
     "we meet at a hackspace in Friedrichshain, sundays 14-17. plan: fight the borrow checker together for 8 weeks "
     "and end with everyone publishing a little command-line tool on crates.io. laptops needed, snacks provided 🦀",
     ("berlin", "programming", "in-person"), ("Rust",), "Berlin"),
    ("Break it before the users do",
     "Hey all! Proposing a fortnightly evening in Shoreditch (Tues 6:30pm, a co-working loft, venue TBC). Each "
     "session we take a small open-source app and write what it's missing: unit checks, integration runs, a couple of "
     "browser scripts. Leave with a green CI badge and fewer 3am surprises.",
     ("london", "quality", "evenings"), ("Software testing",), "London"),
    ("green pipelines, quiet pagers",
     "async + one call a week (wed 17:00 UTC). we take a real repo, containerise it, wire up automatic builds and "
     "deploys, add rollbacks and some monitoring. 5 weeks. bring a github account and a spare evening.",
     ("infra", "online"), ("DevOps",), None),
    ("your first merged PR 🎉",
     "Saturday mornings at the Brooklyn Public Library meeting room, 10-12. pick a project, find a good first issue, "
     "learn the fork/branch/review dance and get it merged. we pair newcomers with people who maintain stuff. "
     "hacktoberfest vibes all year.",
     ("nyc", "beginners", "saturdays"), ("Open source software",), "New York"),
    ("Sites for the corner shop",
     "Yaba hub, Saturdays 11am. Each of us takes one local business or community group without a decent website and "
     "makes them one over 6 weeks: layouts, colours, looks good on a phone. Bring a laptop; figma accounts are free.",
     ("lagos", "small-business", "in-person"), ("Web design",), "Lagos"),
    ("Keeping the server alive without burning out",
     "Biweekly video call, Mondays 20:00 CET. For people who run discords, forums, slack groups: we compare welcome "
     "channels, mod rotas, rituals that keep people posting, and what to do when the place goes quiet.",
     ("online", "moderators"), ("Community management",), None),
    ("What are we even saying? 📣",
     "Monthly half-day at a cowork in Westlands. Small NGOs bring a campaign or launch that's coming up and we build "
     "the plan together: who we need to reach, the three things we want them to remember, which channels, timeline. "
     "4 sessions, tea on us.",
     ("nairobi", "ngo"), ("Communications strategy",), "Nairobi"),
    ("the boring stuff that keeps us alive",
     "Thursdays 6pm at a member's coworking on Spadina. For EDs, coordinators and whoever ended up doing admin: "
     "SOPs, shared drives, vendor contracts, funder deadlines and tracking what each grant pays for. Bring your "
     "messiest spreadsheet.",
     ("toronto", "nonprofits", "admin"), ("Operations", "Grants management"), "Toronto"),
    ("Pilot it on one block",
     "fortnightly sat arvo in Collingwood. we take a neighbourhood problem (bin chaos, lonely elders, empty "
     "shopfronts), design a small experiment with the people who live there, run it and see what sticks. 8 wks.",
     ("melbourne", "neighbourhood"), ("Social innovation",), "Melbourne"),
    ("From 40 requests to one roadmap",
     "weekly, Tues 12:30 ET lunch call. for folks who suddenly 'own' a tool at their org: deciding what comes next, "
     "writing specs devs don't hate, saying no kindly, checking whether the thing actually helped anyone.",
     ("online", "tools"), ("Product management",), None),
    ("Ship something ugly in 14 days",
     "Sundays in Bandra, 10am, plus a whatsapp group. Two-week sprints: write down your riskiest assumption, talk "
     "to 10 real people, build the smallest possible test, decide. Repeat x3.",
     ("mumbai", "founders"), ("Lean startup",), "Mumbai"),
    ("More of us in the commit log",
     "planning group, 1st wed each month in Queens. we want to run beginner coding nights aimed at women, trans and "
     "nonbinary people: learn how other chapters did it, find mentors, childcare, a code of conduct, a bit of money.",
     ("nyc", "organising"), ("Gender gap initiatives",), "New York"),
    ("Чай и болтовня ☕",
     "Собираемся по субботам в 12:00 в кафе на Марджанишвили. Для тех, кто учит язык и хочет живой практики: "
     "болтаем о жизни, кино, мемах. Уровень любой, главное — желание говорить. Носители тоже очень нужны!",
     ("tbilisi", "разговорный-клуб"), ("Russian",), "Tbilisi"),
    ("Stammtisch for newcomers 🍺",
     "Every other wed 19:00 in a Neukölln bar. For expats tired of getting answered in English at the Späti: we "
     "practise ordering, Amt letters and small talk. Natives welcome to come and correct us gently.",
     ("berlin", "conversation"), ("German",), "Berlin"),
    ("플랜트봇 만들기 🌱",
     "매주 토요일 오후 2시, 을지로 메이커스페이스에서 모여요. 센서로 화분 흙 습도를 재고, 물이 부족하면 휴대폰으로 "
     "알림을 보내는 장치를 같이 만들어요. 보드랑 센서는 공동구매 예정 (1인 2만원 정도). 납땜 처음이어도 괜찮아요!",
     ("서울", "메이커"), ("Arduino",), "Seoul"),
    ("Peças de reposição feitas em casa",
     "Toda terça às 19h num hackerspace em Pinheiros. A ideia é aprender a modelar e fatiar as peças que quebram em "
     "casa (puxador de gaveta, suporte, engrenagem) e tirar elas nas máquinas do espaço. Traga uma peça quebrada! "
     "6 encontros.",
     ("sp", "maker"), ("3D printing",), "São Paulo"),
    ("Seară de fanzine 🖍️",
     "Ne vedem joia la 19:00 într-un atelier din Centrul Vechi. Fiecare face câte o pagină pentru un fanzin colectiv "
     "despre cartier: personaje, hărți, afișe desenate de mână. La final îl multiplicăm și îl împărțim gratis. Adu "
     "creioane, tabletă, ce ai.",
     ("bucuresti", "atelier"), ("Illustration",), "Bucharest"),
    ("Κάνε τα σχέδια να κουνηθούν",
     "Κάθε Τρίτη 18:30 σε ένα στούντιο στα Εξάρχεια. Θα φτιάξουμε μικρά loops και ένα σύντομο βίντεο για μια τοπική "
     "ΜΚΟ, καρέ-καρέ και με after effects. 8 συναντήσεις, φέρτε λάπτοπ.",
     ("αθήνα", "studio"), ("Animation",), "Athens"),
    ("Lletres que parlen",
     "Dimecres a les 19h al Poblenou, en un taller de gràfica. Aprendrem a triar i combinar lletres, ajustar els "
     "espais entre caràcters i fer un cartell només amb text. No cal experiència; portem llibres d'espècimens 🔤",
     ("bcn", "disseny"), ("Typography",), "Barcelona"),
    ("beats los domingos 🎧",
     "domingos 4pm en un estudio en la Roma. bring headphones + a laptop w/ any DAW. we flip samples, build drums, "
     "finish one track per week and drop a compilation on bandcamp at the end.",
     ("cdmx", "music"), ("Music production",), "Mexico City"),
    ("BY, SA, NC… o que eu escolho?",
     "Encontros online quinzenais, sábados 10h (horário de Brasília). Para artistas, fotógrafos e coletivos que "
     "querem publicar trabalho aberto sem dor de cabeça depois: o que cada sigla permite, como marcar as obras, o que "
     "fazer quando alguém usa errado.",
     ("online", "artistas"), ("Creative Commons licensing",), None),
    ("48 xiaoshi bu shuijiao? 😴",
     "Meige xingqiliu xiawu 3 dian zai Jing'an yi jia kafeiguan. Women yiqi choubei xia ge yue de 48 xiaoshi biancheng "
     "bisai: zhao changdi, la zanzhu, ding pingwei guize, anpai shiwu he xiuxi qu. Huanying diyi ci ban huodong de "
     "pengyou!",
     ("shanghai", "huodong"), ("Hackathon organising",), "Shanghai"),
    ("Whose stories make it online?",
     "monthly call, last sunday 15:00 UTC. reading group + action: we look at which languages, places and communities "
     "are missing from the big reference sites, then each of us records or publishes something from our own "
     "community. open to everyone, esp. folks from the majority world.",
     ("online", "reading-group"), ("Knowledge equity",), None),
    ("make the signup form not suck",
     "fridays 6pm, a coworking in Flatiron. bring an app or site your org uses; we watch three strangers try to use "
     "it, map where they get stuck and sketch fixes in figma. short, practical, snacks.",
     ("nyc", "design"), ("UX design",), "New York"),
    ("Tote bags for the march ✊",
     "Sunday afternoons at a community print room in Hackney. we design, burn screens and pull prints (totes, tees, "
     "banners) for local campaigns. aprons provided, wear clothes you don't love.",
     ("london", "print", "campaigns"), ("Screen printing",), "London"),
    ("Samarretes de barri",
     "Dissabtes al matí a l'ateneu de Sants. Dibuixem i estampem samarretes i cartells per a la festa major amb "
     "pantalles i rasquetes. Material compartit, 5€ per sessió, tot l'estiu.",
     ("bcn", "festa-major"), ("Screen printing", "Illustration"), "Barcelona"),
    ("Lacăte, cafea și răbdare 🔓",
     "Ne întâlnim lunea la 18:30 în hackerspace-ul din Cluj. Învățăm cum funcționează încuietorile, deschidem lacăte "
     "transparente și apoi unele adevărate (doar ale noastre!). Truse de împrumut disponibile.",
     ("cluj", "hackerspace"), ("Lockpicking",), "Cluj-Napoca"),
    ("Первый дроп-ин без травм 🛹",
     "По воскресеньям в 11:00 в парке Горького. Для взрослых новичков: учимся стоять, отталкиваться, тормозить, "
     "потом съезжаем в рампу. Шлем обязателен, запасные доски есть.",
     ("москва", "outdoors"), ("Skateboarding",), "Moscow"),
    ("Μικρά πειράματα για μεγάλες ιδέες",
     "Κάθε δεύτερη Πέμπτη 19:00 σε ένα coworking στο κέντρο της Θεσσαλονίκης. Παίρνουμε μια ιδέα για τη γειτονιά, "
     "μιλάμε με πραγματικούς ανθρώπους, στήνουμε το μικρότερο δυνατό τεστ μέσα σε δύο εβδομάδες και αποφασίζουμε αν "
     "αξίζει να συνεχίσει.",
     ("θεσσαλονίκη", "ιδέες"), ("Social innovation", "Lean startup"), "Thessaloniki"),
]


def circles(people: list[Person]) -> list[Proposal]:
    rng = random.Random(_SEED + 1)
    proposals = []
    for title, raw, tags, skills, city in _CIRCLES:
        wanted = set(skills)
        # A circle is proposed by someone who can share it, else by a local who wants it enough to start it,
        # else by someone who never said where they live, else by anyone who can share it.
        sharing = [p for p in people if p.eligible and p.shares & wanted]
        local = [p for p in people if p.eligible and p.city == city and (p.shares | p.learns) & wanted]
        unplaced = [p for p in sharing if p.city is None]
        author = rng.choice([p for p in local if p.shares & wanted] or local or unplaced or sharing)
        proposals.append(Proposal(title=title, raw=raw, tags=tags, author_id=author.member_id,
                                  skills=frozenset(skills), city=city))
    return proposals
