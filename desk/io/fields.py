"""The columns of each register as a spreadsheet sees them: key, label, how the value is read, header synonyms.

Headers are recognised in Kazakh, Russian and English: each field's synonyms below plus its label in the three
languages (so a sheet exported by this program is recognised again). Keys are record attributes, or a few
columns that need resolving (district, house, parent, organisers by name; a full name split in three) and the
membership columns of the persons register (`m_…`).
"""

from __future__ import annotations

from dataclasses import dataclass

from desk.domain import reference
from desk.i18n import N_

KINDS = ("associations", "persons", "events", "houses", "plan", "meetings", "decisions", "attendance", "execution")
"""Registers a spreadsheet imports. `desk import all` takes them in the order of ALL_KINDS."""

# How a cell is read (see desk.io.values).
TEXT, NAME, INT, MONEY, DATE, BOOL, IIN, BIN, PHONE, EMAIL, TERM, TERMS = (
    "text", "name", "int", "money", "date", "bool", "iin", "bin", "phone", "email", "term", "terms")
DISTRICT, HOUSE, ASSOCIATION, ASSOCIATIONS, FULL_NAME, ID = (
    "district", "house", "association", "associations", "full_name", "id")
DATETIME = "datetime"
PLAN_ITEM, MEETING, DECISION, MEMBERSHIP = ("plan_item", "meeting", "decision", "membership")  # links by label


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # marked with N_; translated where shown
    kind: str = TEXT
    synonyms: tuple[str, ...] = ()
    terms: tuple[reference.Term, ...] = ()
    exported: bool = True


def _f(key: str, label: str, kind: str = TEXT, *synonyms: str, terms: tuple[reference.Term, ...] = (),
       exported: bool = True) -> Field:
    return Field(key, label, kind, synonyms, terms, exported)


_PHONE = _f("phone", N_("Phone"), PHONE, "телефон", "тел", "контактный телефон", "телефоны", "байланыс телефоны",
            "телефон нөмірі", "phone", "tel", "telephone", "phone number")
_EMAIL = _f("email", N_("E-mail"), EMAIL, "e-mail", "email", "эл почта", "электронная почта", "эл адрес",
            "электрондық пошта", "mail")
_DISTRICT = _f("district", N_("District"), DISTRICT, "район", "аудан", "район город", "район/город", "аудан/қала",
               "город/район", "district", "город район")
_NOTES = _f("notes", N_("Notes"), TEXT, "примечание", "примечания", "ескерту", "ескертпе", "ескертулер",
            "notes", "note", "comment", "comments", "комментарий")
_HOUSE = _f("house", N_("House of Friendship"), HOUSE, "дом дружбы", "достық үйі", "офис в доме дружбы",
            "house of friendship", "house")
_ETHNIC = _f("ethnic_group", N_("Ethnic group"), TERM, "этнос", "национальность", "этническая группа", "этногруппа",
             "ұлты", "этностық топ", "этнос ұлты", "ethnicity", "nationality", "ethnic group",
             terms=reference.ETHNIC_GROUPS)

_ARCHIVED = _f("archived_at", N_("Archived at"), DATETIME, "в архиве", "архивтелген", "archived at", "archived")
"""When the record was archived (exports of the whole region carry archived records too)."""

_ID = _f("id", N_("Record ID"), ID, "id", "record id", "uuid", "идентификатор", "id записи", "жазба id")
"""The record's own id: exports carry it, so a re-imported row finds its record whatever its name."""

ASSOCIATION_FIELDS: tuple[Field, ...] = (
    _f("name_kk", N_("Name in Kazakh"), NAME, "наименование на казахском", "наименование на казахском языке",
       "название на казахском", "наименование каз", "наименование на гос языке", "атауы қазақ тілінде",
       "қазақша атауы", "атауы қазақша", "name kazakh", "name in kazakh", "name kk"),
    _f("name_ru", N_("Name in Russian"), NAME, "наименование на русском", "наименование на русском языке",
       "название на русском", "наименование рус", "атауы орыс тілінде", "орысша атауы", "атауы орысша",
       "name russian", "name in russian", "name ru"),
    _f("name_en", N_("Name in English"), NAME, "наименование на английском", "название на английском",
       "атауы ағылшын тілінде", "ағылшынша атауы", "name english", "name in english", "name en"),
    _f("name", N_("Name"), NAME, "наименование", "название", "наименование объединения", "название объединения",
       "наименование эко", "этнокультурное объединение", "атауы", "бірлестіктің атауы", "бірлестік атауы",
       "этномәдени бірлестік", "name", "association", "name of the association", exported=False),
    _ETHNIC,
    _f("other_ethnic_groups", N_("Other ethnic groups"), TERMS, "другие этносы", "другие национальности",
       "басқа этностар", "other ethnic groups", terms=reference.ETHNIC_GROUPS),
    _f("legal_status", N_("Legal status"), TERM, "правовой статус", "правовая форма", "организационно правовая форма",
       "статус регистрации", "форма регистрации", "құқықтық мәртебесі", "құқықтық нысаны", "legal status",
       "legal form", terms=reference.LEGAL_STATUSES),
    _f("bin", N_("BIN"), BIN, "бин", "бсн", "bin"),
    _f("is_republican", N_("Republican"), BOOL, "республиканское", "республиканский статус", "республикалық",
       "republican"),
    _f("parent", N_("Parent association"), ASSOCIATION, "головное объединение", "головная организация",
       "бас бірлестік", "бас ұйым", "parent association", "parent"),
    _f("registration_date", N_("Registration date"), DATE, "дата регистрации", "дата гос регистрации",
       "дата государственной регистрации", "дата перерегистрации", "зарегистрировано", "тіркелген күні",
       "тіркеу күні", "мемлекеттік тіркеу күні", "registration date", "registered", "registered on"),
    _f("registration_number", N_("Registration number"), TEXT, "регистрационный номер", "номер регистрации",
       "рег номер", "номер свидетельства", "тіркеу нөмірі", "registration number", "reg no"),
    _DISTRICT,
    _f("address", N_("Address"), TEXT, "адрес", "юридический адрес", "фактический адрес", "мекенжай",
       "мекенжайы", "заңды мекенжайы", "address"),
    _HOUSE,
    _f("leader", N_("Leader"), TEXT, "руководитель", "председатель", "фио руководителя", "руководитель фио",
       "фио председателя", "жетекшісі", "жетекші", "төрағасы", "басшысы", "басшының аты жөні", "leader", "head",
       "chairman"),
    _PHONE,
    _EMAIL,
    _f("member_count", N_("Number of members"), INT, "количество членов", "численность", "число членов",
       "численность членов", "кол во членов", "мүшелер саны", "мүше саны", "number of members", "members"),
    _f("member_count_date", N_("Members counted on"), DATE, "численность на дату", "дата численности",
       "мүшелер саны күні", "members counted on", "members as of"),
    _f("lines_of_work", N_("Lines of work"), TERMS, "направления деятельности", "направления работы",
       "направление деятельности", "қызмет бағыттары", "қызмет бағыты", "lines of work", "activities",
       terms=reference.LINES_OF_WORK),
    _f("status", N_("Status"), TERM, "статус", "состояние", "статус деятельности", "мәртебесі", "мәртебе",
       "жағдайы", "status", terms=reference.ASSOCIATION_STATUSES),
    _f("status_date", N_("Status date"), DATE, "дата статуса", "дата изменения статуса", "дата приостановления",
       "дата ликвидации", "мәртебе күні", "status date"),
    _f("status_reason", N_("Reason for the status"), TEXT, "причина", "основание", "основание изменения статуса",
       "себебі", "негіздеме", "status reason", "reason"),
    _NOTES,
    _ARCHIVED,
    _ID,
)

SEXES: tuple[reference.Term, ...] = (
    reference.Term("m", "ер", "мужской", "male"),
    reference.Term("f", "әйел", "женский", "female"),
)
"""Person.sex as the spreadsheet writes it."""

YES_NO: tuple[reference.Term, ...] = (
    reference.Term("yes", "иә", "да", "yes"),
    reference.Term("no", "жоқ", "нет", "no"),
)
"""How yes/no columns are exported (desk.io.values.boolean reads these and more)."""

BODIES: tuple[reference.Term, ...] = (
    reference.Term("assembly", "Ассамблея", "Ассамблея", "Assembly"),
    reference.Term("council", "Кеңес", "Совет", "Council"),
)
"""The bodies a membership belongs to (Membership.body)."""

PERSON_FIELDS: tuple[Field, ...] = (
    _f("full_name", N_("Full name"), FULL_NAME, "фио", "ф и о", "фамилия имя отчество", "фамилия имя отчество при наличии",
       "аты жөні", "тегі аты әкесінің аты", "тегі аты жөні", "full name", "name", exported=False),
    _f("surname", N_("Surname"), TEXT, "фамилия", "тегі", "surname", "last name", "family name"),
    _f("given_name", N_("Given name"), TEXT, "имя", "аты", "given name", "first name"),
    _f("patronymic", N_("Patronymic"), TEXT, "отчество", "әкесінің аты", "patronymic", "middle name"),
    _f("iin", N_("IIN"), IIN, "иин", "жсн", "iin"),
    _f("birth_date", N_("Date of birth"), DATE, "дата рождения", "год рождения", "туған күні", "туған жылы",
       "date of birth", "birth date", "born"),
    _f("sex", N_("Sex"), TERM, "пол", "жынысы", "sex", "gender", terms=SEXES),
    _ETHNIC,
    _f("workplace", N_("Workplace"), TEXT, "место работы", "организация", "жұмыс орны", "workplace", "employer",
       "organisation", "organization"),
    _f("position", N_("Position"), TEXT, "должность", "лауазымы", "лауазым", "position", "job title"),
    _PHONE,
    _EMAIL,
    _DISTRICT,
    _NOTES,
    _ARCHIVED,
    _f("m_body", N_("Body"), TERM, "орган", "состав", "членство", "орган ассамблеи", "құрамы", "органы", "body",
       "membership", terms=BODIES),
    _f("m_category", N_("Member category"), TERM, "категория", "категория члена", "санаты", "мүше санаты",
       "category", "member category", terms=reference.MEMBER_CATEGORIES),
    _f("m_nominated_by", N_("Nominated by"), TEXT, "кем выдвинут", "выдвинут", "кем рекомендован", "ұсынған",
       "кім ұсынды", "nominated by"),
    _f("m_admitted_on", N_("Admitted on"), DATE, "дата вхождения", "дата включения", "дата принятия",
       "дата вступления", "дата включения в состав", "кірген күні", "құрамға енгізілген күні", "қабылданған күні",
       "admitted on", "admitted", "member since"),
    _f("m_nominating_association", N_("Nominating association"), ASSOCIATION, "выдвинувшее объединение",
       "выдвигающее объединение", "ұсынған бірлестік", "nominating association"),
    _f("m_admission_decision", N_("Admission decision"), DECISION, "решение о включении", "решение о принятии",
       "енгізу туралы шешім", "admission decision"),
    _f("m_admission_basis", N_("Basis of admission"), TEXT, "основание включения", "основание вхождения",
       "основание принятия", "кіру негізі", "енгізу негізі", "basis of admission", "admission basis"),
    _f("m_roles", N_("Roles"), TERMS, "роль", "роли", "роль в ассамблее", "должность в ассамблее", "рөлі",
       "рөлдері", "ассамблеядағы рөлі", "roles", "role", terms=reference.MEMBER_ROLES),
    _f("m_roles_since", N_("Roles held since"), DATE, "роли исполняются с", "роль с", "рөлдері қашаннан бері",
       "roles held since"),
    _f("m_left_on", N_("Left on"), DATE, "дата выбытия", "дата выхода", "дата исключения", "шыққан күні",
       "шығарылған күні", "left on", "left"),
    _f("m_leaving_ground", N_("Ground for leaving"), TERM, "основание выбытия", "причина выбытия",
       "основание выхода", "шығу негізі", "шығу себебі", "ground for leaving", "leaving ground",
       terms=reference.LEAVING_GROUNDS),
    _f("m_leaving_note", N_("Note on leaving"), TEXT, "примечание к выбытию", "шығу туралы ескерту",
       "note on leaving"),
    _ID,
    _f("m_id", N_("Membership ID"), ID, "membership id", "id членства", "мүшелік id"),
)

EVENT_FIELDS: tuple[Field, ...] = (
    _f("name_kk", N_("Title in Kazakh"), NAME, "название на казахском", "наименование на казахском",
       "атауы қазақ тілінде", "қазақша атауы", "title in kazakh", "title kk"),
    _f("name_ru", N_("Title in Russian"), NAME, "название на русском", "наименование на русском",
       "атауы орыс тілінде", "орысша атауы", "title in russian", "title ru"),
    _f("name_en", N_("Title in English"), NAME, "название на английском", "наименование на английском",
       "атауы ағылшын тілінде", "title in english", "title en"),
    _f("name", N_("Title"), NAME, "название", "наименование", "название мероприятия", "наименование мероприятия",
       "мероприятие", "тема", "атауы", "іс шара", "іс шараның атауы", "title", "event", "name", exported=False),
    _f("event_type", N_("Event type"), TERM, "вид мероприятия", "тип мероприятия", "вид", "формат", "форма",
       "форма проведения", "түрі", "іс шара түрі", "event type", "type", terms=reference.EVENT_TYPES),
    _f("start_date", N_("Start date"), DATE, "дата", "дата проведения", "дата начала", "өткізу күні",
       "өткізілген күні", "басталу күні", "күні", "start date", "date"),
    _f("end_date", N_("End date"), DATE, "дата окончания", "дата завершения", "аяқталу күні", "end date"),
    _HOUSE,
    _f("venue", N_("Venue"), TEXT, "место проведения", "место", "өткізу орны", "өтетін орны", "venue", "place"),
    _f("organisers", N_("Organisers"), ASSOCIATIONS, "организаторы", "организатор", "ответственные",
       "ұйымдастырушылар", "ұйымдастырушы", "organisers", "organizers", "organiser"),
    _f("by_secretariat", N_("By the secretariat"), BOOL, "секретариат", "организатор секретариат", "хатшылық",
       "by the secretariat", "secretariat"),
    _f("partners", N_("Partners"), TEXT, "партнеры", "партнёры", "при участии", "серіктестер", "partners"),
    _f("participants", N_("Participants"), INT, "количество участников", "участники", "число участников",
       "охват", "кол во участников", "қатысушылар саны", "қатысушылар", "participants", "attendance"),
    _f("youth", N_("Young participants"), INT, "из них молодежь", "молодежь", "в том числе молодежь",
       "молодёжь", "оның ішінде жастар", "жастар", "young participants", "youth"),
    _f("funding_source", N_("Funding source"), TERM, "источник финансирования", "финансирование",
       "қаржыландыру көзі", "funding source", "funding", terms=reference.FUNDING_SOURCES),
    _f("funding_amount", N_("Funding amount"), MONEY, "сумма", "сумма финансирования", "объем финансирования",
       "сумма тенге", "қаржы көлемі", "сомасы", "funding amount", "amount"),
    _f("status", N_("Status"), TERM, "статус", "состояние", "мәртебесі", "status", terms=reference.EVENT_STATUSES),
    _f("plan_item", N_("Plan item"), PLAN_ITEM, "пункт плана", "пункт плана мероприятий", "жоспар тармағы",
       "plan item"),
    _NOTES,
    _ARCHIVED,
    _ID,
)

HOUSE_FIELDS: tuple[Field, ...] = (
    _f("name_kk", N_("Name in Kazakh"), NAME, "наименование на казахском", "атауы қазақ тілінде", "name in kazakh"),
    _f("name_ru", N_("Name in Russian"), NAME, "наименование на русском", "атауы орыс тілінде", "name in russian"),
    _f("name_en", N_("Name in English"), NAME, "наименование на английском", "атауы ағылшын тілінде",
       "name in english"),
    _f("name", N_("Name"), NAME, "наименование", "название", "дом дружбы", "атауы", "достық үйі", "name",
       "house of friendship", exported=False),
    _DISTRICT,
    _f("address", N_("Address"), TEXT, "адрес", "мекенжайы", "мекенжай", "address"),
    _f("director", N_("Director"), TEXT, "директор", "руководитель", "директоры", "басшысы", "director", "head"),
    _PHONE,
    _EMAIL,
    _f("opened_on", N_("Opened on"), DATE, "дата открытия", "открыт", "ашылған күні", "opened on", "opened"),
    _NOTES,
    _ARCHIVED,
    _ID,
)

PLAN_FIELDS: tuple[Field, ...] = (
    _f("name_kk", N_("Title in Kazakh"), NAME, "название на казахском", "атауы қазақ тілінде", "title in kazakh"),
    _f("name_ru", N_("Title in Russian"), NAME, "название на русском", "атауы орыс тілінде", "title in russian"),
    _f("name_en", N_("Title in English"), NAME, "название на английском", "атауы ағылшын тілінде",
       "title in english"),
    _f("name", N_("Title"), NAME, "мероприятие", "наименование мероприятия", "название", "іс шара", "атауы",
       "title", exported=False),
    _f("year", N_("Year"), INT, "год", "жыл", "year"),
    _f("quarter", N_("Quarter"), INT, "квартал", "срок", "тоқсан", "quarter"),
    _f("responsible", N_("Responsible"), TEXT, "ответственные", "ответственный", "жауаптылар", "жауапты",
       "responsible"),
    _NOTES,
    _ID,
)

MEETING_FIELDS: tuple[Field, ...] = (
    _f("kind", N_("Kind of meeting"), TERM, "вид заседания", "вид", "түрі", "kind of meeting", "kind",
       terms=reference.MEETING_KINDS),
    _f("number", N_("Number"), TEXT, "номер", "нөмірі", "number", "no"),
    _f("date", N_("Date"), DATE, "дата", "дата проведения", "күні", "date"),
    _f("place", N_("Place"), TEXT, "место", "место проведения", "өткізу орны", "place", "venue"),
    _f("notice_date", N_("Announced on"), DATE, "дата извещения", "дата объявления", "хабарланған күні",
       "announced on"),
    _f("agenda", N_("Agenda"), TEXT, "повестка", "повестка дня", "күн тәртібі", "agenda"),
    _f("requested_by", N_("Members who asked for it"), INT, "по требованию членов", "members who asked for it"),
    _f("requested_on", N_("Asked for on"), DATE, "дата требования", "asked for on"),
    _f("convened_on", N_("Convened on (decision to convene)"), DATE, "дата решения о созыве", "дата созыва",
       "шақыру туралы шешім күні", "convened on"),
    _NOTES,
    _ARCHIVED,
    _ID,
)

DECISION_FIELDS: tuple[Field, ...] = (
    _f("meeting", N_("Meeting"), MEETING, "заседание", "сессия", "отырыс", "meeting"),
    _f("number", N_("Number"), TEXT, "номер решения", "номер", "шешім нөмірі", "number"),
    _f("name_kk", N_("Wording in Kazakh"), NAME, "текст на казахском", "шешім қазақ тілінде", "wording in kazakh"),
    _f("name_ru", N_("Wording in Russian"), NAME, "текст на русском", "решение на русском", "wording in russian"),
    _f("name_en", N_("Wording in English"), NAME, "текст на английском", "wording in english"),
    _f("name", N_("Decision"), NAME, "решение", "шешім", "decision", exported=False),
    _f("votes_for", N_("For"), INT, "за", "жақтап", "for"),
    _f("votes_against", N_("Against"), INT, "против", "қарсы", "against"),
    _f("abstained", N_("Abstained"), INT, "воздержались", "қалыс қалды", "abstained"),
    _ID,
)

ATTENDANCE_FIELDS: tuple[Field, ...] = (
    _f("meeting", N_("Meeting"), MEETING, "заседание", "сессия", "отырыс", "meeting"),
    _f("membership", N_("Member"), MEMBERSHIP, "член", "участник", "мүше", "member"),
    _ID,
)

EXECUTION_FIELDS: tuple[Field, ...] = (
    _f("decision", N_("Decision"), DECISION, "решение", "шешім", "decision"),
    _f("responsible", N_("Responsible"), TEXT, "ответственный", "исполнитель", "жауапты", "responsible"),
    _f("task", N_("Task"), TEXT, "поручение", "задача", "тапсырма", "task"),
    _f("deadline", N_("Deadline"), DATE, "срок", "срок исполнения", "мерзімі", "deadline"),
    _f("status", N_("Status"), TERM, "статус", "исполнение", "мәртебесі", "status",
       terms=reference.EXECUTION_STATUSES),
    _f("executed_on", N_("Executed on"), DATE, "дата исполнения", "исполнено", "орындалған күні", "executed on"),
    _NOTES,
    _ID,
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "associations": ASSOCIATION_FIELDS,
    "persons": PERSON_FIELDS,
    "events": EVENT_FIELDS,
    "houses": HOUSE_FIELDS,
    "plan": PLAN_FIELDS,
    "meetings": MEETING_FIELDS,
    "decisions": DECISION_FIELDS,
    "attendance": ATTENDANCE_FIELDS,
    "execution": EXECUTION_FIELDS,
}
EXPORT_KINDS = KINDS
ALL_KINDS = ("houses", "associations", "plan", "events", "meetings", "decisions", "persons", "attendance",
             "execution")
"""The registers of `desk export all` / `desk import all`, in an order where every link points backwards."""

KIND_LABELS: dict[str, str] = {
    "associations": N_("Ethnocultural associations"),
    "persons": N_("Persons"),
    "events": N_("Events"),
    "houses": N_("Houses of Friendship"),
    "plan": N_("Action plan"),
    "meetings": N_("Meetings"),
    "decisions": N_("Decisions"),
    "attendance": N_("Attendance"),
    "execution": N_("Execution of decisions"),
}

EXTRA_TERM_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "legal_status": {
        "legal_entity": ("юридическое лицо", "юр лицо", "юл", "заңды тұлға", "legal entity", "зарегистрировано"),
        "branch": ("филиал", "филиал республиканского объединения", "филиалы", "branch"),
        "initiative": ("инициативная группа", "не зарегистрировано", "незарегистрированное", "бастамашыл топ",
                       "тіркелмеген", "initiative", "unregistered"),
    },
    "status": {
        "active": ("действует", "действующее", "работает", "активное", "жұмыс істейді", "белсенді", "active"),
        "suspended": ("приостановлено", "приостановлена", "приостановлен", "тоқтатылған", "тоқтатыла тұрған",
                      "suspended"),
        "liquidated": ("ликвидировано", "ликвидировано", "ликвидирован", "таратылды", "liquidated", "closed"),
        "planned": ("планируется", "запланировано", "в плане", "жоспарда", "planned"),
        "held": ("проведено", "проведен", "состоялось", "өткізілді", "held", "done"),
        "postponed": ("перенесено", "перенесен", "қалдырылды", "postponed"),
        "cancelled": ("отменено", "отменен", "болдырылмады", "cancelled", "canceled"),
    },
    "funding_source": {
        "none": ("нет", "без финансирования", "жоқ", "none", "-"),
        "local_budget": ("мб", "местный бюджет", "жб", "local budget"),
        "republican_budget": ("рб", "республиканский бюджет", "рб", "republican budget"),
        "sponsor": ("спонсор", "спонсоры", "демеуші", "sponsor"),
    },
    "sex": {
        "m": ("м", "муж", "мужчина", "m", "man", "е", "ер адам", "еркек"),
        "f": ("ж", "жен", "женщина", "f", "woman", "ә", "әйел адам"),
    },
    "m_body": {
        "assembly": ("ассамблея", "состав ассамблеи", "ассамблеяның құрамы", "ана", "assembly"),
        "council": ("совет", "совет ассамблеи", "кеңес", "ассамблея кеңесі", "council"),
    },
}


def field_map(kind: str) -> dict[str, Field]:
    return {f.key: f for f in FIELDS[kind]}
