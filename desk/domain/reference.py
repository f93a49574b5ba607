"""Reference values (code lists) of Dostyq Desk, each with its names in Kazakh, Russian and English.

Every list is a tuple of `Term` (or of a subclass) whose `code` is a short lowercase ASCII slug, except
`REGIONS`, coded by ISO 3166-2:KZ ("KZ-10" … "KZ-79"). Records store only codes; the names are for display.
Look a value up with `by_code(terms, code)`.

Lists: REGIONS, ETHNIC_GROUPS, DISTRICTS, LEGAL_STATUSES, ASSOCIATION_STATUSES, LINES_OF_WORK, EVENT_TYPES,
EVENT_STATUSES, FUNDING_SOURCES, MEMBER_CATEGORIES, MEMBER_ROLES, LEAVING_GROUNDS, MEETING_KINDS,
EXECUTION_STATUSES, RESPONSIBLE_BODIES.

Official Kazakh terms follow the Kazakh text of the 2013 Assembly Development Concept (Decree No. 552):
этномәдени бірлестік, Достық үйі, жексенбілік мектеп, ғылыми-сарапшылық топ, жергілікті атқарушы/өкілді орган.

`EthnicGroup` carries, besides the plural names of the people, the forms used to build names of
associations and events: `kk_attr` (Kazakh attributive: "Корей этномәдени орталығы"), Russian adjectives in
the masculine (`ru_adj`), neuter (`ru_adj_n`) and feminine (`ru_adj_f`) nominative, and `en_adj`.
`ru_adj_n` and `ru_adj_f` were added to the agreed API so that Russian patterns agree in gender.
District lists are a selection of real districts (for Ulytau Region, which has only two districts, its
three cities of regional significance are listed too); they are enough for demo data, not a full register.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

# typing.TYPE_CHECKING without importing typing (the light `desk list` shows these terms)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any


@dataclass(frozen=True)
class Term:
    """A coded reference value with its names in Kazakh, Russian and English."""

    code: str
    kk: str
    ru: str
    en: str

    def label(self, lang: str) -> str:
        """The name in `lang` ('kk', 'ru' or 'en'; 'kk-Latn' the Kazakh one in Latin), falling back to the others."""
        if lang == "kk-Latn":
            from desk.domain.latin import to_latin

            return to_latin(self.label("kk"))
        return getattr(self, lang, "") or self.ru or self.kk or self.en


@dataclass(frozen=True)
class EthnicGroup(Term):
    """An ethnic group: names of the people (plural) plus forms used to build names."""

    ru_singular: str = ""  # кореец
    kk_attr: str = ""  # attributive form used in names: "корей" (as in "Корей этномәдени орталығы")
    ru_adj: str = ""  # masculine adjective: "корейский"
    en_adj: str = ""  # "Korean"
    share: int = 1  # rough relative weight for demo data (population share per mille of Kazakhstan)
    ru_adj_n: str = ""  # neuter adjective: "корейское" (общество, объединение)
    ru_adj_f: str = ""  # feminine adjective: "корейская" (община, культура)


@dataclass(frozen=True)
class District(Term):
    region: str = ""  # ISO code, e.g. "KZ-35"


# --------------------------------------------------------------------------------------------------
# Regions (ISO 3166-2:KZ), as in DOMAIN.md
# --------------------------------------------------------------------------------------------------

REGIONS: tuple[Term, ...] = (
    Term("KZ-10", "Абай облысы", "область Абай", "Abai Region"),
    Term("KZ-11", "Ақмола облысы", "Акмолинская область", "Akmola Region"),
    Term("KZ-15", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region"),
    Term("KZ-19", "Алматы облысы", "Алматинская область", "Almaty Region"),
    Term("KZ-23", "Атырау облысы", "Атырауская область", "Atyrau Region"),
    Term("KZ-27", "Батыс Қазақстан облысы", "Западно-Казахстанская область", "West Kazakhstan Region"),
    Term("KZ-31", "Жамбыл облысы", "Жамбылская область", "Zhambyl Region"),
    Term("KZ-33", "Жетісу облысы", "область Жетісу", "Jetisu Region"),
    Term("KZ-35", "Қарағанды облысы", "Карагандинская область", "Karaganda Region"),
    Term("KZ-39", "Қостанай облысы", "Костанайская область", "Kostanay Region"),
    Term("KZ-43", "Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"),
    Term("KZ-47", "Маңғыстау облысы", "Мангистауская область", "Mangystau Region"),
    Term("KZ-55", "Павлодар облысы", "Павлодарская область", "Pavlodar Region"),
    Term("KZ-59", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область", "North Kazakhstan Region"),
    Term("KZ-61", "Түркістан облысы", "Туркестанская область", "Turkistan Region"),
    Term("KZ-62", "Ұлытау облысы", "область Ұлытау", "Ulytau Region"),
    Term("KZ-63", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "East Kazakhstan Region"),
    Term("KZ-71", "Астана қаласы", "город Астана", "Astana"),
    Term("KZ-75", "Алматы қаласы", "город Алматы", "Almaty"),
    Term("KZ-79", "Шымкент қаласы", "город Шымкент", "Shymkent"),
)


# --------------------------------------------------------------------------------------------------
# Ethnic groups. share = per mille of the population (2021 census, rounded; at least 1)
# --------------------------------------------------------------------------------------------------

ETHNIC_GROUPS: tuple[EthnicGroup, ...] = (
    EthnicGroup(
        "kazakh",
        "Қазақтар",
        "Казахи",
        "Kazakhs",
        ru_singular="казах",
        kk_attr="Қазақ",
        ru_adj="казахский",
        ru_adj_n="казахское",
        ru_adj_f="казахская",
        en_adj="Kazakh",
        share=704,
    ),
    EthnicGroup(
        "russian",
        "Орыстар",
        "Русские",
        "Russians",
        ru_singular="русский",
        kk_attr="Орыс",
        ru_adj="русский",
        ru_adj_n="русское",
        ru_adj_f="русская",
        en_adj="Russian",
        share=155,
    ),
    EthnicGroup(
        "uzbek",
        "Өзбектер",
        "Узбеки",
        "Uzbeks",
        ru_singular="узбек",
        kk_attr="Өзбек",
        ru_adj="узбекский",
        ru_adj_n="узбекское",
        ru_adj_f="узбекская",
        en_adj="Uzbek",
        share=33,
    ),
    EthnicGroup(
        "ukrainian",
        "Украиндар",
        "Украинцы",
        "Ukrainians",
        ru_singular="украинец",
        kk_attr="Украин",
        ru_adj="украинский",
        ru_adj_n="украинское",
        ru_adj_f="украинская",
        en_adj="Ukrainian",
        share=20,
    ),
    EthnicGroup(
        "uyghur",
        "Ұйғырлар",
        "Уйгуры",
        "Uyghurs",
        ru_singular="уйгур",
        kk_attr="Ұйғыр",
        ru_adj="уйгурский",
        ru_adj_n="уйгурское",
        ru_adj_f="уйгурская",
        en_adj="Uyghur",
        share=15,
    ),
    EthnicGroup(
        "german",
        "Немістер",
        "Немцы",
        "Germans",
        ru_singular="немец",
        kk_attr="Неміс",
        ru_adj="немецкий",
        ru_adj_n="немецкое",
        ru_adj_f="немецкая",
        en_adj="German",
        share=12,
    ),
    EthnicGroup(
        "tatar",
        "Татарлар",
        "Татары",
        "Tatars",
        ru_singular="татарин",
        kk_attr="Татар",
        ru_adj="татарский",
        ru_adj_n="татарское",
        ru_adj_f="татарская",
        en_adj="Tatar",
        share=11,
    ),
    EthnicGroup(
        "azerbaijani",
        "Әзербайжандар",
        "Азербайджанцы",
        "Azerbaijanis",
        ru_singular="азербайджанец",
        kk_attr="Әзербайжан",
        ru_adj="азербайджанский",
        ru_adj_n="азербайджанское",
        ru_adj_f="азербайджанская",
        en_adj="Azerbaijani",
        share=7,
    ),
    EthnicGroup(
        "korean",
        "Корейлер",
        "Корейцы",
        "Koreans",
        ru_singular="кореец",
        kk_attr="Корей",
        ru_adj="корейский",
        ru_adj_n="корейское",
        ru_adj_f="корейская",
        en_adj="Korean",
        share=6,
    ),
    EthnicGroup(
        "turkish",
        "Түріктер",
        "Турки",
        "Turks",
        ru_singular="турок",
        kk_attr="Түрік",
        ru_adj="турецкий",
        ru_adj_n="турецкое",
        ru_adj_f="турецкая",
        en_adj="Turkish",
        share=5,
    ),
    EthnicGroup(
        "dungan",
        "Дүнгендер",
        "Дунгане",
        "Dungans",
        ru_singular="дунганин",
        kk_attr="Дүнген",
        ru_adj="дунганский",
        ru_adj_n="дунганское",
        ru_adj_f="дунганская",
        en_adj="Dungan",
        share=4,
    ),
    EthnicGroup(
        "belarusian",
        "Беларустар",
        "Белорусы",
        "Belarusians",
        ru_singular="белорус",
        kk_attr="Беларусь",
        ru_adj="белорусский",
        ru_adj_n="белорусское",
        ru_adj_f="белорусская",
        en_adj="Belarusian",
        share=3,
    ),
    EthnicGroup(
        "kurdish",
        "Күрдтер",
        "Курды",
        "Kurds",
        ru_singular="курд",
        kk_attr="Күрд",
        ru_adj="курдский",
        ru_adj_n="курдское",
        ru_adj_f="курдская",
        en_adj="Kurdish",
        share=3,
    ),
    EthnicGroup(
        "tajik",
        "Тәжіктер",
        "Таджики",
        "Tajiks",
        ru_singular="таджик",
        kk_attr="Тәжік",
        ru_adj="таджикский",
        ru_adj_n="таджикское",
        ru_adj_f="таджикская",
        en_adj="Tajik",
        share=3,
    ),
    EthnicGroup(
        "polish",
        "Поляктар",
        "Поляки",
        "Poles",
        ru_singular="поляк",
        kk_attr="Поляк",
        ru_adj="польский",
        ru_adj_n="польское",
        ru_adj_f="польская",
        en_adj="Polish",
        share=2,
    ),
    EthnicGroup(
        "chechen",
        "Шешендер",
        "Чеченцы",
        "Chechens",
        ru_singular="чеченец",
        kk_attr="Шешен",
        ru_adj="чеченский",
        ru_adj_n="чеченское",
        ru_adj_f="чеченская",
        en_adj="Chechen",
        share=2,
    ),
    EthnicGroup(
        "kyrgyz",
        "Қырғыздар",
        "Кыргызы",
        "Kyrgyz",
        ru_singular="кыргыз",
        kk_attr="Қырғыз",
        ru_adj="кыргызский",
        ru_adj_n="кыргызское",
        ru_adj_f="кыргызская",
        en_adj="Kyrgyz",
        share=2,
    ),
    EthnicGroup(
        "bashkir",
        "Башқұрттар",
        "Башкиры",
        "Bashkirs",
        ru_singular="башкир",
        kk_attr="Башқұрт",
        ru_adj="башкирский",
        ru_adj_n="башкирское",
        ru_adj_f="башкирская",
        en_adj="Bashkir",
        share=1,
    ),
    EthnicGroup(
        "moldovan",
        "Молдавандар",
        "Молдаване",
        "Moldovans",
        ru_singular="молдаванин",
        kk_attr="Молдаван",
        ru_adj="молдавский",
        ru_adj_n="молдавское",
        ru_adj_f="молдавская",
        en_adj="Moldovan",
        share=1,
    ),
    EthnicGroup(
        "armenian",
        "Армяндар",
        "Армяне",
        "Armenians",
        ru_singular="армянин",
        kk_attr="Армян",
        ru_adj="армянский",
        ru_adj_n="армянское",
        ru_adj_f="армянская",
        en_adj="Armenian",
        share=1,
    ),
    EthnicGroup(
        "greek",
        "Гректер",
        "Греки",
        "Greeks",
        ru_singular="грек",
        kk_attr="Грек",
        ru_adj="греческий",
        ru_adj_n="греческое",
        ru_adj_f="греческая",
        en_adj="Greek",
        share=1,
    ),
    EthnicGroup(
        "chuvash",
        "Чуваштар",
        "Чуваши",
        "Chuvash",
        ru_singular="чуваш",
        kk_attr="Чуваш",
        ru_adj="чувашский",
        ru_adj_n="чувашское",
        ru_adj_f="чувашская",
        en_adj="Chuvash",
        share=1,
    ),
    EthnicGroup(
        "mordvin",
        "Мордвалар",
        "Мордва",
        "Mordvins",
        ru_singular="мордвин",
        kk_attr="Мордва",
        ru_adj="мордовский",
        ru_adj_n="мордовское",
        ru_adj_f="мордовская",
        en_adj="Mordvin",
        share=1,
    ),
    EthnicGroup(
        "bulgarian",
        "Болгарлар",
        "Болгары",
        "Bulgarians",
        ru_singular="болгарин",
        kk_attr="Болгар",
        ru_adj="болгарский",
        ru_adj_n="болгарское",
        ru_adj_f="болгарская",
        en_adj="Bulgarian",
        share=1,
    ),
    EthnicGroup(
        "lithuanian",
        "Литвалықтар",
        "Литовцы",
        "Lithuanians",
        ru_singular="литовец",
        kk_attr="Литва",
        ru_adj="литовский",
        ru_adj_n="литовское",
        ru_adj_f="литовская",
        en_adj="Lithuanian",
        share=1,
    ),
    EthnicGroup(
        "ingush",
        "Ингуштар",
        "Ингуши",
        "Ingush",
        ru_singular="ингуш",
        kk_attr="Ингуш",
        ru_adj="ингушский",
        ru_adj_n="ингушское",
        ru_adj_f="ингушская",
        en_adj="Ingush",
        share=1,
    ),
    EthnicGroup(
        "jewish",
        "Еврейлер",
        "Евреи",
        "Jews",
        ru_singular="еврей",
        kk_attr="Еврей",
        ru_adj="еврейский",
        ru_adj_n="еврейское",
        ru_adj_f="еврейская",
        en_adj="Jewish",
        share=1,
    ),
    EthnicGroup(
        "georgian",
        "Грузиндер",
        "Грузины",
        "Georgians",
        ru_singular="грузин",
        kk_attr="Грузин",
        ru_adj="грузинский",
        ru_adj_n="грузинское",
        ru_adj_f="грузинская",
        en_adj="Georgian",
        share=1,
    ),
    EthnicGroup(
        "latvian",
        "Латыштар",
        "Латыши",
        "Latvians",
        ru_singular="латыш",
        kk_attr="Латыш",
        ru_adj="латышский",
        ru_adj_n="латышское",
        ru_adj_f="латышская",
        en_adj="Latvian",
        share=1,
    ),
    EthnicGroup(
        "estonian",
        "Эстондар",
        "Эстонцы",
        "Estonians",
        ru_singular="эстонец",
        kk_attr="Эстон",
        ru_adj="эстонский",
        ru_adj_n="эстонское",
        ru_adj_f="эстонская",
        en_adj="Estonian",
        share=1,
    ),
    EthnicGroup(
        "turkmen",
        "Түрікмендер",
        "Туркмены",
        "Turkmens",
        ru_singular="туркмен",
        kk_attr="Түрікмен",
        ru_adj="туркменский",
        ru_adj_n="туркменское",
        ru_adj_f="туркменская",
        en_adj="Turkmen",
        share=1,
    ),
    EthnicGroup(
        "karachay",
        "Қарашайлар",
        "Карачаевцы",
        "Karachays",
        ru_singular="карачаевец",
        kk_attr="Қарашай",
        ru_adj="карачаевский",
        ru_adj_n="карачаевское",
        ru_adj_f="карачаевская",
        en_adj="Karachay",
        share=1,
    ),
    EthnicGroup(
        "balkar",
        "Балқарлар",
        "Балкарцы",
        "Balkars",
        ru_singular="балкарец",
        kk_attr="Балқар",
        ru_adj="балкарский",
        ru_adj_n="балкарское",
        ru_adj_f="балкарская",
        en_adj="Balkar",
        share=1,
    ),
    EthnicGroup(
        "lezgin",
        "Лезгиндер",
        "Лезгины",
        "Lezgins",
        ru_singular="лезгин",
        kk_attr="Лезгин",
        ru_adj="лезгинский",
        ru_adj_n="лезгинское",
        ru_adj_f="лезгинская",
        en_adj="Lezgin",
        share=1,
    ),
    EthnicGroup(
        "avar",
        "Аварлар",
        "Аварцы",
        "Avars",
        ru_singular="аварец",
        kk_attr="Авар",
        ru_adj="аварский",
        ru_adj_n="аварское",
        ru_adj_f="аварская",
        en_adj="Avar",
        share=1,
    ),
    EthnicGroup(
        "dargin",
        "Даргиндер",
        "Даргинцы",
        "Dargins",
        ru_singular="даргинец",
        kk_attr="Даргин",
        ru_adj="даргинский",
        ru_adj_n="даргинское",
        ru_adj_f="даргинская",
        en_adj="Dargin",
        share=1,
    ),
    EthnicGroup(
        "mari",
        "Марийлер",
        "Марийцы",
        "Mari",
        ru_singular="мариец",
        kk_attr="Мари",
        ru_adj="марийский",
        ru_adj_n="марийское",
        ru_adj_f="марийская",
        en_adj="Mari",
        share=1,
    ),
    EthnicGroup(
        "udmurt",
        "Удмурттар",
        "Удмурты",
        "Udmurts",
        ru_singular="удмурт",
        kk_attr="Удмурт",
        ru_adj="удмуртский",
        ru_adj_n="удмуртское",
        ru_adj_f="удмуртская",
        en_adj="Udmurt",
        share=1,
    ),
    EthnicGroup(
        "kalmyk",
        "Қалмақтар",
        "Калмыки",
        "Kalmyks",
        ru_singular="калмык",
        kk_attr="Қалмақ",
        ru_adj="калмыцкий",
        ru_adj_n="калмыцкое",
        ru_adj_f="калмыцкая",
        en_adj="Kalmyk",
        share=1,
    ),
    EthnicGroup(
        "ossetian",
        "Осетиндер",
        "Осетины",
        "Ossetians",
        ru_singular="осетин",
        kk_attr="Осетин",
        ru_adj="осетинский",
        ru_adj_n="осетинское",
        ru_adj_f="осетинская",
        en_adj="Ossetian",
        share=1,
    ),
    EthnicGroup(
        "romani",
        "Сығандар",
        "Цыгане",
        "Roma",
        ru_singular="цыган",
        kk_attr="Сыған",
        ru_adj="цыганский",
        ru_adj_n="цыганское",
        ru_adj_f="цыганская",
        en_adj="Romani",
        share=1,
    ),
    EthnicGroup(
        "karakalpak",
        "Қарақалпақтар",
        "Каракалпаки",
        "Karakalpaks",
        ru_singular="каракалпак",
        kk_attr="Қарақалпақ",
        ru_adj="каракалпакский",
        ru_adj_n="каракалпакское",
        ru_adj_f="каракалпакская",
        en_adj="Karakalpak",
        share=1,
    ),
)


# --------------------------------------------------------------------------------------------------
# Districts (аудан / район), 4–8 per region; city districts for Astana, Almaty and Shymkent
# --------------------------------------------------------------------------------------------------

DISTRICTS: tuple[District, ...] = (
    # KZ-10 Abai Region
    District("kz10_abai", "Абай ауданы", "Абайский район", "Abai District", region="KZ-10"),
    District("kz10_ayagoz", "Аягөз ауданы", "Аягозский район", "Ayagoz District", region="KZ-10"),
    District(
        "kz10_beskaragai", "Бесқарағай ауданы", "Бескарагайский район", "Beskaragai District", region="KZ-10"
    ),
    District(
        "kz10_borodulikha",
        "Бородулиха ауданы",
        "Бородулихинский район",
        "Borodulikha District",
        region="KZ-10",
    ),
    District("kz10_zharma", "Жарма ауданы", "Жарминский район", "Zharma District", region="KZ-10"),
    District("kz10_kokpekti", "Көкпекті ауданы", "Кокпектинский район", "Kokpekti District", region="KZ-10"),
    District("kz10_urzhar", "Үржар ауданы", "Урджарский район", "Urzhar District", region="KZ-10"),
    District("kz10_aksuat", "Ақсуат ауданы", "Аксуатский район", "Aksuat District", region="KZ-10"),
    # KZ-11 Akmola Region
    District("kz11_arshaly", "Аршалы ауданы", "Аршалынский район", "Arshaly District", region="KZ-11"),
    District("kz11_burabay", "Бурабай ауданы", "Бурабайский район", "Burabay District", region="KZ-11"),
    District(
        "kz11_tselinograd",
        "Целиноград ауданы",
        "Целиноградский район",
        "Tselinograd District",
        region="KZ-11",
    ),
    District(
        "kz11_shortandy", "Шортанды ауданы", "Шортандинский район", "Shortandy District", region="KZ-11"
    ),
    District("kz11_esil", "Есіл ауданы", "Есильский район", "Esil District", region="KZ-11"),
    District("kz11_zerendi", "Зеренді ауданы", "Зерендинский район", "Zerendi District", region="KZ-11"),
    District("kz11_akkol", "Ақкөл ауданы", "Аккольский район", "Akkol District", region="KZ-11"),
    District(
        "kz11_birzhan_sal", "Біржан сал ауданы", "район Биржан сал", "Birzhan Sal District", region="KZ-11"
    ),
    # KZ-15 Aktobe Region
    District("kz15_alga", "Алға ауданы", "Алгинский район", "Alga District", region="KZ-15"),
    District("kz15_kargaly", "Қарғалы ауданы", "Каргалинский район", "Kargaly District", region="KZ-15"),
    District("kz15_mugalzhar", "Мұғалжар ауданы", "Мугалжарский район", "Mugalzhar District", region="KZ-15"),
    District("kz15_khromtau", "Хромтау ауданы", "Хромтауский район", "Khromtau District", region="KZ-15"),
    District("kz15_temir", "Темір ауданы", "Темирский район", "Temir District", region="KZ-15"),
    District("kz15_martuk", "Мәртөк ауданы", "Мартукский район", "Martuk District", region="KZ-15"),
    District("kz15_oiyl", "Ойыл ауданы", "Уилский район", "Oiyl District", region="KZ-15"),
    District("kz15_shalkar", "Шалқар ауданы", "Шалкарский район", "Shalkar District", region="KZ-15"),
    # KZ-19 Almaty Region
    District("kz19_balkhash", "Балқаш ауданы", "Балхашский район", "Balkhash District", region="KZ-19"),
    District(
        "kz19_enbekshikazakh",
        "Еңбекшіқазақ ауданы",
        "Енбекшиказахский район",
        "Enbekshikazakh District",
        region="KZ-19",
    ),
    District("kz19_ile", "Іле ауданы", "Илийский район", "Ile District", region="KZ-19"),
    District("kz19_karasai", "Қарасай ауданы", "Карасайский район", "Karasai District", region="KZ-19"),
    District("kz19_talgar", "Талғар ауданы", "Талгарский район", "Talgar District", region="KZ-19"),
    District("kz19_zhambyl", "Жамбыл ауданы", "Жамбылский район", "Zhambyl District", region="KZ-19"),
    District("kz19_uigur", "Ұйғыр ауданы", "Уйгурский район", "Uigur District", region="KZ-19"),
    District("kz19_raiymbek", "Райымбек ауданы", "Райымбекский район", "Raiymbek District", region="KZ-19"),
    # KZ-23 Atyrau Region
    District("kz23_zhylyoi", "Жылыой ауданы", "Жылыойский район", "Zhylyoi District", region="KZ-23"),
    District("kz23_inder", "Индер ауданы", "Индерский район", "Inder District", region="KZ-23"),
    District("kz23_isatai", "Исатай ауданы", "Исатайский район", "Isatai District", region="KZ-23"),
    District(
        "kz23_kurmangazy", "Құрманғазы ауданы", "Курмангазинский район", "Kurmangazy District", region="KZ-23"
    ),
    District(
        "kz23_kyzylkoga", "Қызылқоға ауданы", "Кызылкогинский район", "Kyzylkoga District", region="KZ-23"
    ),
    District("kz23_makat", "Мақат ауданы", "Макатский район", "Makat District", region="KZ-23"),
    District("kz23_makhambet", "Махамбет ауданы", "Махамбетский район", "Makhambet District", region="KZ-23"),
    # KZ-27 West Kazakhstan Region
    District("kz27_baiterek", "Бәйтерек ауданы", "Байтерекский район", "Baiterek District", region="KZ-27"),
    District("kz27_burli", "Бөрлі ауданы", "Бурлинский район", "Burli District", region="KZ-27"),
    District("kz27_zhangala", "Жаңақала ауданы", "Жангалинский район", "Zhangala District", region="KZ-27"),
    District("kz27_zhanibek", "Жәнібек ауданы", "Жанибекский район", "Zhanibek District", region="KZ-27"),
    District("kz27_kaztalov", "Казталов ауданы", "Казталовский район", "Kaztalov District", region="KZ-27"),
    District("kz27_syrym", "Сырым ауданы", "Сырымский район", "Syrym District", region="KZ-27"),
    District("kz27_terekti", "Теректі ауданы", "Теректинский район", "Terekti District", region="KZ-27"),
    District("kz27_akzhaik", "Ақжайық ауданы", "Акжаикский район", "Akzhaik District", region="KZ-27"),
    # KZ-31 Zhambyl Region
    District("kz31_baizak", "Байзақ ауданы", "Байзакский район", "Baizak District", region="KZ-31"),
    District("kz31_zhambyl", "Жамбыл ауданы", "Жамбылский район", "Zhambyl District", region="KZ-31"),
    District("kz31_zhualy", "Жуалы ауданы", "Жуалынский район", "Zhualy District", region="KZ-31"),
    District("kz31_korday", "Қордай ауданы", "Кордайский район", "Korday District", region="KZ-31"),
    District("kz31_merke", "Меркі ауданы", "Меркенский район", "Merke District", region="KZ-31"),
    District("kz31_moiynkum", "Мойынқұм ауданы", "Мойынкумский район", "Moiynkum District", region="KZ-31"),
    District(
        "kz31_ryskulov", "Т. Рысқұлов ауданы", "район Т. Рыскулова", "T. Ryskulov District", region="KZ-31"
    ),
    District("kz31_shu", "Шу ауданы", "Шуский район", "Shu District", region="KZ-31"),
    # KZ-33 Jetisu Region
    District("kz33_aksu", "Ақсу ауданы", "Аксуский район", "Aksu District", region="KZ-33"),
    District("kz33_alakol", "Алакөл ауданы", "Алакольский район", "Alakol District", region="KZ-33"),
    District("kz33_eskeldi", "Ескелді ауданы", "Ескельдинский район", "Eskeldi District", region="KZ-33"),
    District("kz33_karatal", "Қаратал ауданы", "Каратальский район", "Karatal District", region="KZ-33"),
    District("kz33_kerbulak", "Кербұлақ ауданы", "Кербулакский район", "Kerbulak District", region="KZ-33"),
    District("kz33_koksu", "Көксу ауданы", "Коксуский район", "Koksu District", region="KZ-33"),
    District("kz33_panfilov", "Панфилов ауданы", "Панфиловский район", "Panfilov District", region="KZ-33"),
    District("kz33_sarkand", "Сарқан ауданы", "Саркандский район", "Sarkand District", region="KZ-33"),
    # KZ-35 Karaganda Region
    District("kz35_abai", "Абай ауданы", "Абайский район", "Abai District", region="KZ-35"),
    District(
        "kz35_bukhar_zhyrau",
        "Бұқар жырау ауданы",
        "Бухар-Жырауский район",
        "Bukhar-Zhyrau District",
        region="KZ-35",
    ),
    District("kz35_nura", "Нұра ауданы", "Нуринский район", "Nura District", region="KZ-35"),
    District(
        "kz35_osakarovka", "Осакаров ауданы", "Осакаровский район", "Osakarovka District", region="KZ-35"
    ),
    District(
        "kz35_karkaraly", "Қарқаралы ауданы", "Каркаралинский район", "Karkaraly District", region="KZ-35"
    ),
    District("kz35_shet", "Шет ауданы", "Шетский район", "Shet District", region="KZ-35"),
    District("kz35_aktogay", "Ақтоғай ауданы", "Актогайский район", "Aktogay District", region="KZ-35"),
    # KZ-39 Kostanay Region
    District(
        "kz39_altynsarin", "Алтынсарин ауданы", "Алтынсаринский район", "Altynsarin District", region="KZ-39"
    ),
    District("kz39_auliekol", "Әулиекөл ауданы", "Аулиекольский район", "Auliekol District", region="KZ-39"),
    District("kz39_denisov", "Денисов ауданы", "Денисовский район", "Denisov District", region="KZ-39"),
    District("kz39_kostanay", "Қостанай ауданы", "Костанайский район", "Kostanay District", region="KZ-39"),
    District(
        "kz39_mendykara", "Меңдіқара ауданы", "Мендыкаринский район", "Mendykara District", region="KZ-39"
    ),
    District("kz39_naurzum", "Науырзым ауданы", "Наурзумский район", "Naurzum District", region="KZ-39"),
    District("kz39_sarykol", "Сарыкөл ауданы", "Сарыкольский район", "Sarykol District", region="KZ-39"),
    District("kz39_fedorov", "Федоров ауданы", "Федоровский район", "Fedorov District", region="KZ-39"),
    # KZ-43 Kyzylorda Region
    District("kz43_aral", "Арал ауданы", "Аральский район", "Aral District", region="KZ-43"),
    District("kz43_zhalagash", "Жалағаш ауданы", "Жалагашский район", "Zhalagash District", region="KZ-43"),
    District(
        "kz43_zhanakorgan",
        "Жаңақорған ауданы",
        "Жанакорганский район",
        "Zhanakorgan District",
        region="KZ-43",
    ),
    District("kz43_kazaly", "Қазалы ауданы", "Казалинский район", "Kazaly District", region="KZ-43"),
    District(
        "kz43_karmakshy", "Қармақшы ауданы", "Кармакшинский район", "Karmakshy District", region="KZ-43"
    ),
    District("kz43_syrdarya", "Сырдария ауданы", "Сырдарьинский район", "Syrdarya District", region="KZ-43"),
    District("kz43_shieli", "Шиелі ауданы", "Шиелийский район", "Shieli District", region="KZ-43"),
    # KZ-47 Mangystau Region
    District("kz47_beineu", "Бейнеу ауданы", "Бейнеуский район", "Beineu District", region="KZ-47"),
    District("kz47_karakiya", "Қарақия ауданы", "Каракиянский район", "Karakiya District", region="KZ-47"),
    District(
        "kz47_mangystau", "Маңғыстау ауданы", "Мангистауский район", "Mangystau District", region="KZ-47"
    ),
    District("kz47_munaily", "Мұнайлы ауданы", "Мунайлинский район", "Munaily District", region="KZ-47"),
    District(
        "kz47_tupkaragan", "Түпқараған ауданы", "Тупкараганский район", "Tupkaragan District", region="KZ-47"
    ),
    # KZ-55 Pavlodar Region
    District("kz55_aktogay", "Ақтоғай ауданы", "Актогайский район", "Aktogay District", region="KZ-55"),
    District("kz55_bayanaul", "Баянауыл ауданы", "Баянаульский район", "Bayanaul District", region="KZ-55"),
    District("kz55_zhelezin", "Железин ауданы", "Железинский район", "Zhelezin District", region="KZ-55"),
    District("kz55_irtysh", "Ертіс ауданы", "Иртышский район", "Irtysh District", region="KZ-55"),
    District("kz55_pavlodar", "Павлодар ауданы", "Павлодарский район", "Pavlodar District", region="KZ-55"),
    District("kz55_terenkol", "Тереңкөл ауданы", "Теренкольский район", "Terenkol District", region="KZ-55"),
    District("kz55_uspen", "Успен ауданы", "Успенский район", "Uspen District", region="KZ-55"),
    District(
        "kz55_sharbakty", "Шарбақты ауданы", "Щербактинский район", "Sharbakty District", region="KZ-55"
    ),
    # KZ-59 North Kazakhstan Region
    District("kz59_aiyrtau", "Айыртау ауданы", "Айыртауский район", "Aiyrtau District", region="KZ-59"),
    District("kz59_akzhar", "Ақжар ауданы", "Акжарский район", "Akzhar District", region="KZ-59"),
    District(
        "kz59_gabit_musrepov",
        "Ғабит Мүсірепов атындағы аудан",
        "район имени Габита Мусрепова",
        "Gabit Musrepov District",
        region="KZ-59",
    ),
    District("kz59_esil", "Есіл ауданы", "Есильский район", "Esil District", region="KZ-59"),
    District("kz59_kyzylzhar", "Қызылжар ауданы", "Кызылжарский район", "Kyzylzhar District", region="KZ-59"),
    District(
        "kz59_magzhan_zhumabayev",
        "Мағжан Жұмабаев ауданы",
        "район Магжана Жумабаева",
        "Magzhan Zhumabayev District",
        region="KZ-59",
    ),
    District("kz59_taiynsha", "Тайынша ауданы", "Тайыншинский район", "Taiynsha District", region="KZ-59"),
    District("kz59_shal_akyn", "Шал ақын ауданы", "район Шал акына", "Shal Akyn District", region="KZ-59"),
    # KZ-61 Turkistan Region
    District("kz61_baidibek", "Бәйдібек ауданы", "Байдибекский район", "Baidibek District", region="KZ-61"),
    District("kz61_kazygurt", "Қазығұрт ауданы", "Казыгуртский район", "Kazygurt District", region="KZ-61"),
    District(
        "kz61_maktaaral", "Мақтаарал ауданы", "Мактааральский район", "Maktaaral District", region="KZ-61"
    ),
    District("kz61_ordabasy", "Ордабасы ауданы", "Ордабасинский район", "Ordabasy District", region="KZ-61"),
    District("kz61_otyrar", "Отырар ауданы", "Отырарский район", "Otyrar District", region="KZ-61"),
    District("kz61_sairam", "Сайрам ауданы", "Сайрамский район", "Sairam District", region="KZ-61"),
    District("kz61_saryagash", "Сарыағаш ауданы", "Сарыагашский район", "Saryagash District", region="KZ-61"),
    District("kz61_tulkibas", "Түлкібас ауданы", "Тюлькубасский район", "Tulkibas District", region="KZ-61"),
    # KZ-62 Ulytau Region: two districts and three cities of regional significance
    District("kz62_ulytau", "Ұлытау ауданы", "Улытауский район", "Ulytau District", region="KZ-62"),
    District(
        "kz62_zhanaarka", "Жаңаарқа ауданы", "Жанааркинский район", "Zhanaarka District", region="KZ-62"
    ),
    District("kz62_zhezkazgan", "Жезқазған қаласы", "город Жезказган", "Zhezkazgan City", region="KZ-62"),
    District("kz62_satbayev", "Сәтбаев қаласы", "город Сатпаев", "Satbayev City", region="KZ-62"),
    District("kz62_karazhal", "Қаражал қаласы", "город Каражал", "Karazhal City", region="KZ-62"),
    # KZ-63 East Kazakhstan Region
    District("kz63_glubokoye", "Глубокое ауданы", "Глубоковский район", "Glubokoye District", region="KZ-63"),
    District("kz63_zaisan", "Зайсан ауданы", "Зайсанский район", "Zaisan District", region="KZ-63"),
    District("kz63_altai", "Алтай ауданы", "район Алтай", "Altai District", region="KZ-63"),
    District(
        "kz63_katon_karagai",
        "Катонқарағай ауданы",
        "Катон-Карагайский район",
        "Katon-Karagai District",
        region="KZ-63",
    ),
    District("kz63_kurchum", "Күршім ауданы", "Курчумский район", "Kurchum District", region="KZ-63"),
    District(
        "kz63_tarbagatai", "Тарбағатай ауданы", "Тарбагатайский район", "Tarbagatai District", region="KZ-63"
    ),
    District("kz63_ulan", "Ұлан ауданы", "Уланский район", "Ulan District", region="KZ-63"),
    District(
        "kz63_shemonaikha", "Шемонаиха ауданы", "Шемонаихинский район", "Shemonaikha District", region="KZ-63"
    ),
    # KZ-71 Astana (city districts)
    District("kz71_almaty", "Алматы ауданы", "район Алматы", "Almaty District", region="KZ-71"),
    District("kz71_baikonyr", "Байқоңыр ауданы", "район Байконур", "Baikonyr District", region="KZ-71"),
    District("kz71_esil", "Есіл ауданы", "район Есиль", "Esil District", region="KZ-71"),
    District("kz71_saryarka", "Сарыарқа ауданы", "район Сарыарка", "Saryarka District", region="KZ-71"),
    District("kz71_nura", "Нұра ауданы", "район Нура", "Nura District", region="KZ-71"),
    District("kz71_saraishyk", "Сарайшық ауданы", "район Сарайшык", "Saraishyk District", region="KZ-71"),
    # KZ-75 Almaty (city districts)
    District("kz75_alatau", "Алатау ауданы", "Алатауский район", "Alatau District", region="KZ-75"),
    District("kz75_almaly", "Алмалы ауданы", "Алмалинский район", "Almaly District", region="KZ-75"),
    District("kz75_auezov", "Әуезов ауданы", "Ауэзовский район", "Auezov District", region="KZ-75"),
    District(
        "kz75_bostandyk", "Бостандық ауданы", "Бостандыкский район", "Bostandyk District", region="KZ-75"
    ),
    District("kz75_zhetysu", "Жетісу ауданы", "Жетысуский район", "Zhetysu District", region="KZ-75"),
    District("kz75_medeu", "Медеу ауданы", "Медеуский район", "Medeu District", region="KZ-75"),
    District(
        "kz75_nauryzbai", "Наурызбай ауданы", "Наурызбайский район", "Nauryzbai District", region="KZ-75"
    ),
    District("kz75_turksib", "Түрксіб ауданы", "Турксибский район", "Turksib District", region="KZ-75"),
    # KZ-79 Shymkent (city districts)
    District("kz79_abai", "Абай ауданы", "Абайский район", "Abai District", region="KZ-79"),
    District(
        "kz79_al_farabi", "Әл-Фараби ауданы", "Аль-Фарабийский район", "Al-Farabi District", region="KZ-79"
    ),
    District("kz79_enbekshi", "Еңбекші ауданы", "Енбекшинский район", "Enbekshi District", region="KZ-79"),
    District("kz79_karatau", "Қаратау ауданы", "Каратауский район", "Karatau District", region="KZ-79"),
    District("kz79_turan", "Тұран ауданы", "Туранский район", "Turan District", region="KZ-79"),
)


# --------------------------------------------------------------------------------------------------
# Ethnocultural associations
# --------------------------------------------------------------------------------------------------

LEGAL_STATUSES: tuple[Term, ...] = (
    Term("legal_entity", "Заңды тұлға (БСН бар)", "Юридическое лицо (с БИН)", "Legal entity (with BIN)"),
    Term(
        "branch",
        "Республикалық бірлестіктің филиалы",
        "Филиал республиканского объединения",
        "Branch of a republican association",
    ),
    Term(
        "initiative",
        "Тіркелмеген бастамашыл топ",
        "Незарегистрированная инициативная группа",
        "Unregistered initiative group",
    ),
)

ASSOCIATION_STATUSES: tuple[Term, ...] = (
    Term("active", "Жұмыс істейтін", "Действующее", "Active"),
    Term("suspended", "Қызметі тоқтатыла тұрған", "Деятельность приостановлена", "Suspended"),
    Term("liquidated", "Таратылған", "Ликвидировано", "Liquidated"),
)

LINES_OF_WORK: tuple[Term, ...] = (
    Term("culture", "Мәдениет", "Культура", "Culture"),
    Term("language", "Тілдерді оқыту", "Обучение языкам", "Language teaching"),
    Term("sunday_school", "Жексенбілік мектеп", "Воскресная школа", "Sunday school"),
    Term("youth", "Жастармен жұмыс", "Работа с молодёжью", "Youth"),
    Term("women", "Әйелдермен жұмыс", "Работа с женщинами", "Women"),
    Term("elders", "Аға буынмен жұмыс", "Работа со старшим поколением", "Elders"),
    Term("charity", "Қайырымдылық", "Благотворительность", "Charity"),
    Term("media", "Бұқаралық ақпарат құралдары", "Средства массовой информации", "Media"),
    Term("mediation", "Медиация", "Медиация", "Mediation"),
)


# --------------------------------------------------------------------------------------------------
# Events of the Houses of Friendship
# --------------------------------------------------------------------------------------------------

EVENT_TYPES: tuple[Term, ...] = (
    Term("seminar", "Семинар", "Семинар", "Seminar"),
    Term("conference", "Конференция", "Конференция", "Conference"),
    Term("round_table", "Дөңгелек үстел", "Круглый стол", "Round table"),
    Term("festival", "Фестиваль", "Фестиваль", "Festival"),
    Term("concert", "Концерт", "Концерт", "Concert"),
    Term("exhibition", "Көрме", "Выставка", "Exhibition"),
    Term("contest", "Байқау", "Конкурс", "Contest"),
    Term("holiday", "Мереке", "Праздник", "Holiday"),
    Term("language_course", "Тіл курстары", "Языковые курсы", "Language course"),
    Term("charity_action", "Қайырымдылық акциясы", "Благотворительная акция", "Charity action"),
    Term("other", "Басқа", "Другое", "Other"),
)

EVENT_STATUSES: tuple[Term, ...] = (
    Term("planned", "Жоспарланған", "Запланировано", "Planned"),
    Term("held", "Өткізілген", "Проведено", "Held"),
    Term("postponed", "Кейінге қалдырылған", "Перенесено", "Postponed"),
    Term("cancelled", "Болдырылмаған", "Отменено", "Cancelled"),
)

FUNDING_SOURCES: tuple[Term, ...] = (
    Term("republican_budget", "Республикалық бюджет", "Республиканский бюджет", "Republican budget"),
    Term("local_budget", "Жергілікті бюджет", "Местный бюджет", "Local budget"),
    Term("grant", "Грант", "Грант", "Grant"),
    Term("sponsor", "Демеушілік қаражат", "Спонсорские средства", "Sponsorship"),
    Term("own_funds", "Меншікті қаражат", "Собственные средства", "Own funds"),
    Term("none", "Қаржыландырусыз", "Без финансирования", "No funding"),
)


# --------------------------------------------------------------------------------------------------
# Member rosters
# --------------------------------------------------------------------------------------------------

MEMBER_CATEGORIES: tuple[Term, ...] = (
    Term(
        "executive_body", "Жергілікті атқарушы орган", "Местный исполнительный орган", "Local executive body"
    ),
    Term(
        "representative_body",
        "Жергілікті өкілді орган (мәслихат)",
        "Местный представительный орган (маслихат)",
        "Local representative body (maslikhat)",
    ),
    Term("ethnocultural", "Этномәдени бірлестік", "Этнокультурное объединение", "Ethnocultural association"),
    Term(
        "public_association",
        "Басқа қоғамдық бірлестік",
        "Иное общественное объединение",
        "Other public association",
    ),
    Term("other", "Басқа", "Другое", "Other"),
)

MEMBER_ROLES: tuple[Term, ...] = (
    Term("chairman", "Төраға", "Председатель", "Chairman"),
    Term("deputy_chairman", "Төрағаның орынбасары", "Заместитель председателя", "Deputy chairman"),
    Term(
        "head_of_secretariat", "Хатшылық меңгерушісі", "Заведующий секретариатом", "Head of the secretariat"
    ),
    Term("council_member", "Кеңес мүшесі", "Член Совета", "Council member"),
    Term(
        "expert_group",
        "Ғылыми-сарапшылық топ мүшесі",
        "Член научно-экспертной группы",
        "Member of the scientific-expert group",
    ),
    Term("mediator", "Медиатор", "Медиатор", "Mediator"),
)

LEAVING_GROUNDS: tuple[Term, ...] = (
    Term(
        "changed_job",
        "Лауазымы бойынша кірген мемлекеттік қызметшінің жұмыс орнын ауыстыруы",
        "Смена места работы государственного служащего, входившего в состав по должности",
        "Change of job of a civil servant who sat by virtue of office",
    ),
    Term(
        "released_from_office",
        "Ассамблея құрамына кіруге негіз болған сайланбалы лауазымнан босатылуы",
        "Освобождение от выборной должности, по которой лицо входило в состав ассамблеи",
        "Release from the elected office by virtue of which the person sat",
    ),
    Term("own_wish", "Өз қалауы бойынша", "По собственному желанию", "At own request"),
    Term("other", "Өзге негіздер", "Иные основания", "Other grounds"),
)


# --------------------------------------------------------------------------------------------------
# Sessions, council meetings and decisions
# --------------------------------------------------------------------------------------------------

MEETING_KINDS: tuple[Term, ...] = (
    Term("session", "Ассамблея сессиясы", "Сессия ассамблеи", "Session of the assembly"),
    Term(
        "extraordinary_session",
        "Ассамблеяның кезектен тыс сессиясы",
        "Внеочередная сессия ассамблеи",
        "Extraordinary session of the assembly",
    ),
    Term(
        "council_meeting",
        "Ассамблея Кеңесінің отырысы",
        "Заседание Совета ассамблеи",
        "Meeting of the council of the assembly",
    ),
    Term(
        "council_poll",
        "Ассамблея Кеңесінің сауалнама арқылы шешімі",
        "Решение Совета ассамблеи путём опроса",
        "Council decision by poll",
    ),
)

EXECUTION_STATUSES: tuple[Term, ...] = (
    Term("in_progress", "Орындалуда", "На исполнении", "In progress"),
    Term("executed", "Орындалған", "Исполнено", "Executed"),
    Term("overdue", "Мерзімі өткен", "Просрочено", "Overdue"),
)


# Responsible bodies of decisions under control: the state bodies and the Assembly's own bodies that a
# regional assembly's decisions charge with execution (a regional akimat's structure: the akim's office, the
# maslikhat, the departments of internal policy, education, culture, languages, youth policy, religious affairs…;
# the Assembly's secretariat, the Houses of Friendship, the Qoğamdyq kelısım institutions, the councils and groups
# of the Assembly; the district akimats). Names as the bodies call themselves, without the region's name: the
# window adds nothing to them. A body missing here is written under "Other" (kept as typed, ExecutionItem.responsible).
RESPONSIBLE_BODIES: tuple[Term, ...] = (
    Term("akimat", "Облыс әкімдігі", "Акимат области", "Regional akimat"),
    Term("akim_office", "Облыс әкімінің аппараты", "Аппарат акима области", "Office of the regional akim"),
    Term("maslikhat", "Облыстық мәслихат", "Областной маслихат", "Regional maslikhat"),
    Term(
        "district_akimats",
        "Аудандар мен қалалардың әкімдіктері",
        "Акиматы районов и городов",
        "District and city akimats",
    ),
    Term(
        "secretariat",
        "Облыстық Қазақстан халқы Ассамблеясының хатшылығы",
        "Секретариат Ассамблеи народа Казахстана области",
        "Secretariat of the regional Assembly of People of Kazakhstan",
    ),
    Term("friendship_houses", "Достық үйлері", "Дома дружбы", "Houses of Friendship"),
    Term(
        "public_accord",
        "«Қоғамдық келісім» коммуналдық мемлекеттік мекемесі",
        "Коммунальное государственное учреждение «Қоғамдық келісім»",
        "Qoğamdyq Kelısım public institution",
    ),
    Term(
        "internal_policy",
        "Облыстың ішкі саясат басқармасы",
        "Управление внутренней политики области",
        "Regional Department of Internal Policy",
    ),
    Term(
        "education",
        "Облыстың білім басқармасы",
        "Управление образования области",
        "Regional Department of Education",
    ),
    Term(
        "culture",
        "Облыстың мәдениет, архивтер және құжаттама басқармасы",
        "Управление культуры, архивов и документации области",
        "Regional Department of Culture, Archives and Documentation",
    ),
    Term(
        "languages",
        "Облыстың тілдерді дамыту басқармасы",
        "Управление по развитию языков области",
        "Regional Department for the Development of Languages",
    ),
    Term(
        "youth_policy",
        "Облыстың жастар саясаты мәселелері жөніндегі басқармасы",
        "Управление по вопросам молодежной политики области",
        "Regional Department of Youth Policy",
    ),
    Term(
        "religious_affairs",
        "Облыстың дін істері басқармасы",
        "Управление по делам религий области",
        "Regional Department of Religious Affairs",
    ),
    Term(
        "sport",
        "Облыстың дене шынықтыру және спорт басқармасы",
        "Управление физической культуры и спорта области",
        "Regional Department of Physical Culture and Sports",
    ),
    Term(
        "employment",
        "Облыстың жұмыспен қамтуды үйлестіру және әлеуметтік бағдарламалар басқармасы",
        "Управление координации занятости и социальных программ области",
        "Regional Department for the Coordination of Employment and Social Programmes",
    ),
    Term(
        "police",
        "Облыстың полиция департаменті",
        "Департамент полиции области",
        "Regional Police Department",
    ),
    Term(
        "council_of_mothers",
        "Ассамблеяның Аналар кеңесі",
        "Совет матерей Ассамблеи",
        "Council of Mothers of the Assembly",
    ),
    Term(
        "expert_group",
        "Ассамблеяның ғылыми-сарапшылық тобы",
        "Научно-экспертная группа Ассамблеи",
        "Scientific and expert group of the Assembly",
    ),
    Term(
        "ethnocultural_associations",
        "Этномәдени бірлестіктер",
        "Этнокультурные объединения",
        "Ethnocultural associations",
    ),
)


def responsible_name(body: str, other: str, lang: str) -> str:
    """Who is responsible, in `lang`: the body's name from RESPONSIBLE_BODIES (its code in `body`), else `other` as
    it was typed; both when both are given ("Body — note"). A code not in the list is shown as it is, never dropped."""
    term = by_code(terms("responsible_bodies"), body) if body else None
    name = term.label(lang) if term is not None else body
    parts = [p for p in (name, other.strip() if other else "") if p]
    return " — ".join(parts)


# --------------------------------------------------------------------------------------------------
# Lookup
# --------------------------------------------------------------------------------------------------

_INDEXES: dict[int, tuple[tuple[Term, ...], dict[str, Term]]] = {}


def by_code(terms: tuple[Term, ...], code: str) -> Term | None:
    """The term of `terms` whose code is `code`, or None. Indexes each tuple once (by identity)."""
    cached = _INDEXES.get(id(terms))
    if cached is None or cached[0] is not terms:
        cached = (terms, {t.code: t for t in terms})
        _INDEXES[id(terms)] = cached
    return cached[1].get(code)


def term_label(terms: tuple[Term, ...], code: str | None, lang: str) -> str:
    """The name of `code` in `lang` (the bare code when the list does not have it; "" for no code)."""
    if not code:
        return ""
    term = by_code(terms, code)
    return term.label(lang) if term else code


# --------------------------------------------------------------------------------------------------
# The lists the central office may send (centre → region bundles, desk.sync.centre_sections)
# --------------------------------------------------------------------------------------------------
# The built-in lists above are what a data folder uses until the central office sends its own. The received lists
# are installed by the services layer (desk.services.reference_data) when a workspace opens and after a bundle is
# applied; everything that shows, chooses, validates or prints these terms reads them through `terms(kind)`.
# A received list replaces the built-in one of its kind whole (its order, its names); a bundle that leaves out a
# code records still hold is refused before it is applied (desk.services.reference_data.check_withdrawals), so
# every stored code keeps a name.

BUILT_IN: dict[str, tuple[Term, ...]] = {
    "ethnic_groups": ETHNIC_GROUPS,
    "event_types": EVENT_TYPES,
    "districts": DISTRICTS,
    "responsible_bodies": RESPONSIBLE_BODIES,
}
"""The kinds of reference data the central office sends, with the lists built into the program."""

_effective: dict[str, tuple[Term, ...]] = dict(BUILT_IN)


def terms(kind: str) -> tuple[Term, ...]:
    """The list of `kind` ("ethnic_groups", "event_types", "districts", "responsible_bodies") in force: the one the
    central office sent last, else the built-in one."""
    return _effective[kind]


def received_kinds() -> frozenset[str]:
    """The kinds whose list in force came from the central office."""
    return frozenset(k for k, v in _effective.items() if v is not BUILT_IN[k])


def install(received: Mapping[str, tuple[Term, ...]]) -> None:
    """Put the central office's lists in force (a kind not in `received`: the built-in list). An empty mapping
    restores every built-in list (a new data folder, the central office's own)."""
    unknown = set(received) - set(BUILT_IN)
    if unknown:
        raise ValueError(f"unknown reference kinds: {sorted(unknown)}")
    # one update of every kind at once: the window's thread reads `terms` while a bundle's import (on a worker)
    # installs them, and a cleared mapping would be seen half-filled (KeyError)
    _effective.update({**BUILT_IN, **received})


def terms_from_data(data: Mapping[str, Any]) -> dict[str, tuple[Term, ...]]:
    """The lists of a reference section as terms. `data` was checked (desk.sync.centre_sections): {kind: [{"code",
    "kk", "ru", "en", ("region")}]}. An ethnic group the program knows keeps its grammatical forms (for the demo's
    names) under the received names; a new one has none."""
    out: dict[str, tuple[Term, ...]] = {}
    for kind, items in data.items():
        built = {t.code: t for t in BUILT_IN[kind]}
        made: list[Term] = []
        for item in items:
            names = {"kk": item["kk"], "ru": item["ru"], "en": item["en"]}
            known = built.get(item["code"])
            if kind == "ethnic_groups":
                made.append(
                    replace(known, **names)
                    if isinstance(known, EthnicGroup)
                    else EthnicGroup(item["code"], **names, share=0)
                )
            elif kind == "districts":
                made.append(District(item["code"], **names, region=item.get("region", "")))
            else:
                made.append(Term(item["code"], **names))
        out[kind] = tuple(made)
    return out


def terms_to_data(kind: str, items: tuple[Term, ...]) -> list[dict[str, str]]:
    """A list as a reference section carries it (the inverse of `terms_from_data`)."""
    return [
        {
            "code": t.code,
            "kk": t.kk,
            "ru": t.ru,
            "en": t.en,
            **({"region": getattr(t, "region", "")} if kind == "districts" else {}),
        }
        for t in items
    ]
