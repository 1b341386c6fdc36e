"""Every word a visitor reads in the demo, in Kazakh, Russian and English (exhibitions/demo.py puts them in place).

Each text is a language map, {"kk": ..., "ru": ..., "en": ...}, as the services take them. Each language is written
as a label in that language would read, not word for word: a Kazakh reader in Almaty knows the market as Көк базар,
a Russian one as Зелёный базар, and the chapters are the times of day each language names. Facts and names agree:
Айгерім / Айгерим / Aigerim, Талғар / Талгар / Talgar.
"""

from __future__ import annotations

from curation.texts import LanguageMap

ALMATY: LanguageMap = {"kk": "Алматы", "ru": "Алматы", "en": "Almaty"}

PHOTOGRAPHER_CREDIT: LanguageMap = {
    "kk": "Айгерім Бекова (демо)",
    "ru": "Айгерим Бекова (демо)",
    "en": "Aigerim Bekova (demo)",
}

EXHIBITION: dict[str, LanguageMap] = {
    "title": {
        "kk": "Төзім мен ынтымақ",
        "ru": "Стойкость и сплочённость",
        "en": "Resilience and community",
    },
    "subtitle": {
        "kk": "Алматыдағы Көк базарда өткен бір көктем",
        "ru": "Одна весна на Зелёном базаре в Алматы",
        "en": "A season at the Green Bazaar, Almaty",
    },
    "statement": {
        "kk": (
            "Күн сайын таңертең, Көк базардың қақпасы ашылмай тұрып-ақ, оның тіршілігін ұстап тұрған адамдар "
            "жұмысқа кірісіп кетеді.\n\n"
            "Бұл көрме солардың бірнешеуімен бір көктемді бірге өткізеді: отыз жыл бойы бір орында сауда жасап келе "
            "жатқан жеміс сатушы, түнде өз қолымен киіз тәпішке жасап, оны базарда сататын жас ана, әр жексенбі "
            "сайын достарымен бір орындықта бас қосатын қарт ерлі-зайыптылар. Көрме — төзім туралы, әрі базарға жан "
            "беретін кішкентай ынтымақ сәттері туралы."
        ),
        "ru": (
            "Каждое утро, ещё до того как откроются ворота Зелёного базара, люди, на которых он держится, уже за "
            "работой.\n\n"
            "Эта выставка — одна весна рядом с несколькими из них: продавщица фруктов, тридцать лет стоящая за одним "
            "и тем же прилавком; молодая мама, которая по ночам валяет войлочные тапочки, а потом продаёт их здесь "
            "же; пожилые супруги, что каждое воскресенье встречаются с друзьями на одной и той же скамейке. Она о "
            "стойкости — и о маленьких проявлениях участия, без которых базар не был бы базаром."
        ),
        "en": (
            "Every morning before the gates of the Green Bazaar open, the people who keep it alive are already at "
            "work.\n\n"
            "This exhibition follows a few of them through one season: the fruit seller who has worked the same stall "
            "for thirty years, a young mother who sells the felt slippers she makes at night, an elderly couple who "
            "meet their friends on the same bench every Sunday. It is about resilience, and about the small acts of "
            "community that a market makes possible."
        ),
    },
    "credits": {
        "kk": "Фотосуреттер: Айгерім (демо). Куратор: Данияр (демо).",
        "ru": "Фотографии: Айгерим (демо). Куратор: Данияр (демо).",
        "en": "Photographs by Aigerim (demo). Sequenced by Daniyar (demo).",
    },
    "venue": {
        "kk": "Көк базар, екінші қабат, Алматы",
        "ru": "Зелёный базар, второй этаж, Алматы",
        "en": "Green Bazaar, upper floor, Almaty",
    },
}

# Each photo's own words (the photographer's), by the demo plate's seed.
PLATES: dict[int, dict[str, LanguageMap]] = {
    1: {
        "title": {"kk": "Қақпа ашылғанша", "ru": "Пока ворота закрыты", "en": "Before the gates open"},
        "caption": {
            "kk": "Көк базар, таңғы 6:40.",
            "ru": "Зелёный базар, 6:40 утра.",
            "en": "Green Bazaar, 6:40 in the morning.",
        },
        "alt": {
            "kk": "Таң алдындағы таулар мен базар шатырлары; аспан күлгін түстен қызғылт сарыға ауысып келеді.",
            "ru": "Горы на рассвете над крышами базара; небо из фиолетового становится оранжевым.",
            "en": "Mountains at dawn over the roofs of a market, the sky turning from violet to orange.",
        },
    },
    2: {
        "title": {"kk": "Жеміс сатушы", "ru": "Продавщица фруктов", "en": "The fruit seller"},
        "caption": {
            "kk": "Талғардағы өз бағының алмасы. Бір орында отыз жыл.",
            "ru": "Яблоки из собственного сада в Талгаре. Тридцать лет за одним прилавком.",
            "en": "Apples from her own garden in Talgar, thirty years at the same stall.",
        },
        "alt": {
            "kk": "Жолақ күнқағардың астында қызыл және сары алма үйілген базар сөресі.",
            "ru": "Прилавок под полосатым навесом, доверху заваленный красными и жёлтыми яблоками.",
            "en": "A market stall piled with red and yellow apples under a striped awning.",
        },
    },
    7: {
        "title": {"kk": "Гүлнара", "ru": "Гульнара", "en": "Gulnara"},
        "caption": {
            "kk": "«Сатып алушыларымның балалары енді өз балаларын ертіп келеді».",
            "ru": "«Дети моих покупателей теперь приводят своих детей».",
            "en": "“The customers' children now bring their children.”",
        },
        "alt": {
            "kk": "Алма толы сөренің алдында қызыл орамал таққан әйел камераға қарап тұр.",
            "ru": "Женщина в красном платке стоит на фоне стены из яблок и смотрит в камеру.",
            "en": "A woman in a red headscarf stands before a wall of apples, looking at the camera.",
        },
    },
    3: {
        "title": {"kk": "Қолдан басылған киіз", "ru": "Войлок ручной работы", "en": "Felt, by hand"},
        "caption": {
            "kk": "Жас ана түнде өзі жасаған тәпішкелерін сатады.",
            "ru": "Молодая мама продаёт тапочки, которые валяет по ночам.",
            "en": "A young mother sells the slippers she makes at night.",
        },
        "alt": {
            "kk": "Көрпенің үстіне қатар-қатар жайылған түрлі-түсті киіз тәпішкелер.",
            "ru": "Ряды ярких войлочных тапочек, разложенных на покрывале.",
            "en": "Rows of brightly coloured felt slippers laid out on a blanket.",
        },
    },
    4: {
        "title": {"kk": "Орындық", "ru": "Скамейка", "en": "The bench"},
        "caption": {
            "kk": "Отасқандарына елу екі жыл. Әр жексенбі сайын осында келеді.",
            "ru": "Пятьдесят два года в браке. Приходят сюда каждое воскресенье.",
            "en": "Married fifty-two years; they come every Sunday.",
        },
        "alt": {
            "kk": "Биік теректердің астындағы саябақ орындығында екі адам отыр.",
            "ru": "Два человека на скамейке в парке под высокими тополями.",
            "en": "Two figures on a park bench under tall poplar trees.",
        },
    },
    5: {
        "title": {"kk": "Бесін жарығы", "ru": "Послеполуденный свет", "en": "Afternoon light"},
        "caption": {
            "kk": "Қатар арасындағы шаң мен жарық.",
            "ru": "Пыль и свет между рядами.",
            "en": "Dust and light between the rows.",
        },
        "alt": {
            "kk": "Жабық базардың өткеліне көлденеңінен түскен жылы күн сәулелері.",
            "ru": "Полосы тёплого света ложатся поперёк прохода крытого рынка.",
            "en": "Shafts of warm light falling across a covered market aisle.",
        },
    },
    6: {
        "title": {"kk": "Жабылар кез", "ru": "Время закрываться", "en": "Closing time"},
        "caption": {
            "kk": "Таулар көгілдір тартқанда күнқағарлар жиналады.",
            "ru": "Навесы сворачивают, горы синеют.",
            "en": "Awnings come down as the mountains turn blue.",
        },
        "alt": {
            "kk": "Базар шатырларының үстіндегі кеш, артта көгілдір таулар.",
            "ru": "Вечер над крышами базара, вдали синие горы.",
            "en": "Evening over the market roofs with blue mountains behind.",
        },
    },
    # In her library only: the man in it said no (demo.py).
    8: {
        "title": {"kk": "Түскі шай", "ru": "Чай в полдень", "en": "Tea at noon"},
        "caption": {
            "kk": "Төртінші қатардағы шайшы.",
            "ru": "Продавец чая из четвёртого ряда.",
            "en": "The tea seller of row four.",
        },
        "alt": {
            "kk": "Жарық сәулесінде биік шәугімнен шай құйып тұрған ер адам.",
            "ru": "Мужчина в луче света наливает чай из высокого чайника.",
            "en": "A man pouring tea from a tall kettle in a shaft of light.",
        },
    },
}

# The exhibition's own caption for its last photograph: the curator closes the show with the next morning.
CLOSING_CAPTION: LanguageMap = {
    "kk": "Таулар көгілдір тартқанда күнқағарлар жиналады. Ертең, сағат жетіге дейін, бәрі қайта басталады.",
    "ru": "Навесы сворачивают, горы синеют. Завтра, ещё до семи, всё начнётся снова.",
    "en": "Awnings come down as the mountains turn blue. Tomorrow, before seven, it all begins again.",
}

# The chapters in order: title, then the wall text under it ({} for none).
CHAPTERS: list[tuple[LanguageMap, LanguageMap]] = [
    (
        {"kk": "Таңертең", "ru": "Утро", "en": "Morning"},
        {
            "kk": "Сағат жетіге дейін сөрелер әлі құрылып жатады, мұнда бәрі бір-бірін таниды.",
            "ru": "До семи утра прилавки ещё только собирают, и здесь все друг друга знают.",
            "en": "Before seven the stalls are still being built, and everyone knows everyone.",
        },
    ),
    (
        {"kk": "Түс ауа", "ru": "День", "en": "Afternoon"},
        {
            "kk": "Жұрт сейіледі, орындық толады.",
            "ru": "Толпа редеет, скамейка заполняется.",
            "en": "The crowd thins; the bench fills.",
        },
    ),
    ({"kk": "Кешке", "ru": "Вечер", "en": "Evening"}, {}),
]

TEXT_PANEL: LanguageMap = {
    "kk": "«Қала өзінің кім екенін базарда еске алады».",
    "ru": "«На базаре город вспоминает, кто он».",
    "en": "“The market is where the city remembers itself.”",
}

# What visitors read of the people and the place, by the photographer's own label for each (demo.SUBJECTS).
SUBJECTS: dict[str, dict[str, LanguageMap]] = {
    "Fruit seller, Green Bazaar, stall 12": {
        "public_name": {"kk": "Гүлнара", "ru": "Гульнара", "en": "Gulnara"},
        "public_story": {
            "kk": (
                "Гүлнара отыз жыл бойы Талғардағы өз бағының алмасын бір орында сатып келеді.\n\n"
                "Кімге тәтті алма керек, кімге тосапқа арналғаны — бәрін біледі, сатып алушыларының балаларының "
                "атына дейін есінде сақтайды. *«Сатып алушыларымның балалары енді өз балаларын ертіп келеді»*, — "
                "дейді ол."
            ),
            "ru": (
                "Гульнара тридцать лет продаёт яблоки из своего сада в Талгаре — и всё за тем же прилавком.\n\n"
                "Она знает, кому из покупателей нужны сладкие, а кому — на варенье, и помнит, как зовут их детей. "
                "*«Дети моих покупателей теперь приводят своих детей»*, — говорит она."
            ),
            "en": (
                "Gulnara has sold apples from her own garden in Talgar for thirty years, from the same stall.\n\n"
                "She knows which of her customers want them sweet and which want them for jam, and she remembers "
                "their children's names. *“The customers' children now bring their children,”* she says."
            ),
        },
    },
    "Felt slipper maker, east gate": {
        "public_name": {"kk": "Айсұлу", "ru": "Айсулу", "en": "Aisulu"},
        "public_story": {
            "kk": (
                "Айсұлу киіз тәпішкелерін түнде, екі ұлы ұйықтаған соң жасайды, ал демалыс күндері оларды шығыс "
                "қақпаның жанында көрпе үстіне жайып сатады. Әр жұбына бір кеші кетеді."
            ),
            "ru": (
                "Айсулу валяет войлочные тапочки по ночам, когда уснут двое её сыновей, а по выходным продаёт их у "
                "восточных ворот, разложив на покрывале. На каждую пару уходит целый вечер."
            ),
            "en": (
                "Aisulu makes felt slippers at night, once her two sons are asleep, and sells them on a blanket by "
                "the east gate at weekends. Each pair takes her an evening."
            ),
        },
    },
    "Husband on the bench": {
        "public_name": {"kk": "Марат", "ru": "Марат", "en": "Marat"},
        "public_story": {
            "kk": "Марат пен Сәуле отасқанына елу екі жыл болды. Әр жексенбі сайын олар осында достарымен кездеседі.",
            "ru": "Марат и Сауле вместе пятьдесят два года. Каждое воскресенье они встречаются здесь с друзьями.",
            "en": "Marat and Saule have been married fifty-two years. Every Sunday they meet their friends here.",
        },
    },
    "Wife on the bench": {
        "public_name": {"kk": "Сәуле", "ru": "Сауле", "en": "Saule"},
        "public_story": {
            "kk": "Орындықты Сәуле таңдайды: жазда — көлеңкедегісін, қазаннан бастап — күн түсетінін.",
            "ru": "Скамейку выбирает Сауле: летом — в тени, с октября — на солнце.",
            "en": "Saule chooses the bench: in the shade in summer, in the sun from October.",
        },
    },
    "Green Bazaar": {
        "public_name": {"kk": "Көк базар", "ru": "Зелёный базар", "en": "Green Bazaar"},
        "public_story": {
            "kk": (
                "Алматының жабық базары. Тау бөктерінен келген жеміс, ет, кептірілген өрік, дәмдеуіш пен жаңалық — "
                "бәрі бір шатырдың астында, мұндағы сатушылардың ешқайсысы әлі дүниеге келмей тұрған кезден бері."
            ),
            "ru": (
                "Крытый рынок Алматы: фрукты из предгорий, мясо, курага, специи и новости — под одной крышей с тех "
                "пор, когда никого из нынешних продавцов ещё не было на свете."
            ),
            "en": (
                "Almaty's covered market: fruit from the foothills, meat, dried apricots, spices and news, under one "
                "roof since long before anyone at the stalls was born."
            ),
        },
    },
}

# A second show, a draft the curator has started: its Russian is not written yet, so the translation view and the
# publish page have something missing to show. Its photos' own words are complete.
DRAFT: dict[str, LanguageMap] = {
    "title": {"kk": "Талғар алмасы", "en": "Apples of Talgar"},
    "statement": {
        "kk": "Әзірленіп жатқан шағын көрме: Гүлнараның Талғардағы бағы — гүлдеген шағынан базар сөресіне дейін.",
        "en": "A small show in the making: Gulnara's orchard in Talgar, from blossom to the stall.",
    },
}
