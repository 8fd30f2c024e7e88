"""The demo's content as plain data: the site's pages, themes, the reference case UA 168/12 and its
follow-up, the officials, and the words the generated cases are made of. urgentactions.demo writes
it through the apps' actions."""

import datetime

from cases.actions import DocumentText, OutcomeEntry
from cases.models import Gender, Outcome

LANGUAGES = ("en", "de", "fr", "it")

# The countries of the demo cases (ISO 3166; django-countries names them) and their English names for
# the targets' addresses.
COUNTRIES = {
    "AZ": "Azerbaijan",
    "BY": "Belarus",
    "CN": "China",
    "EG": "Egypt",
    "IR": "Iran",
    "MX": "Mexico",
    "RU": "Russia",
    "SA": "Saudi Arabia",
    "TR": "Türkiye",
    "VN": "Viet Nam",
    "CO": "Colombia",
    "BD": "Bangladesh",
}

THEMES = {
    "freedom-of-expression": (
        "Freedom of expression",
        "Meinungsfreiheit",
        "Liberté d'expression",
        "Libertà di espressione",
    ),
    "prisoners-of-conscience": (
        "Prisoners of conscience",
        "Gewaltlose politische Gefangene",
        "Prisonniers d'opinion",
        "Prigionieri di coscienza",
    ),
    "torture": (
        "Torture and ill-treatment",
        "Folter und Misshandlung",
        "Torture et mauvais traitements",
        "Tortura e maltrattamenti",
    ),
    "death-penalty": ("Death penalty", "Todesstrafe", "Peine de mort", "Pena di morte"),
    "human-rights-defenders": (
        "Human rights defenders",
        "Menschenrechtsverteidiger*innen",
        "Défenseurs des droits humains",
        "Difensori dei diritti umani",
    ),
    "enforced-disappearance": (
        "Enforced disappearance",
        "Verschwindenlassen",
        "Disparitions forcées",
        "Sparizioni forzate",
    ),
    "unfair-trial": (
        "Unfair trial",
        "Unfaires Verfahren",
        "Procès inéquitable",
        "Processo iniquo",
    ),
    "health": (
        "Access to medical care",
        "Medizinische Versorgung",
        "Accès aux soins",
        "Accesso alle cure",
    ),
}


# --- The reference case (written in our own words from the facts of the reference page) ----

# The reference case's facts, the same in the demo and in the tests (tests/builders.py): UA 168/12 on
# Mehman Huseynov and its follow-up FI 168/12-1, written to the Prosecutor General (REFERENCE_TARGETS).
REFERENCE_PERSON = {"name": "Mehman Huseynov", "gender": Gender.MAN, "occupation": "journalist and blogger"}
UA_168_12 = {
    "sequence": 168,
    "issue_date": datetime.date(2012, 6, 15),
    "country": "AZ",
    "ai_index": "EUR 55/008/2012",
    "appeal_deadline": datetime.date(2012, 7, 27),
    "outcomes": [OutcomeEntry(kind=Outcome.CHARGES_DROPPED, date=datetime.date(2012, 7, 20))],
}
FI_168_12_1 = {
    "sequence": 1,
    "issue_date": datetime.date(2019, 1, 9),
    "ai_index": "EUR 55/9651/2019",
    "appeal_deadline": datetime.date(2019, 2, 20),
    "outcomes": [OutcomeEntry(kind=Outcome.RELEASED, date=datetime.date(2019, 3, 4), persons=("Mehman Huseynov",))],
}

UA_168_12_EN = DocumentText(
    title="Azeri activist: charges must be dropped",
    summary=(
        "Mehman Huseynov, a young Azerbaijani journalist and blogger known for filming and publishing "
        "evidence of abuses by officials, has been charged with hooliganism after police detained him. "
        "The charge appears designed to silence his reporting. It must be dropped."
    ),
    body=(
        "<p>Mehman Huseynov works with a media freedom group in Baku and posts video reports on alleged "
        "corruption and police abuse. Since his detention he has been barred from leaving the country "
        "while the investigation continues.</p>"
        "<p>Journalists and activists in Azerbaijan are regularly harassed, prosecuted on questionable "
        "charges and detained after unfair proceedings.</p>"
    ),
    take_action=(
        "<p>Please write, in English, Azerbaijani or your own language:</p>"
        "<ul><li>urging the authorities to drop the hooliganism charge against Mehman Huseynov;</li>"
        "<li>asking them to stop harassing journalists for their peaceful work.</li></ul>"
    ),
)

UA_168_12_DE = DocumentText(
    title="Aserbaidschanischer Aktivist: Anklage muss fallengelassen werden",
    summary=(
        "Mehman Huseynov, ein junger aserbaidschanischer Journalist und Blogger, der Übergriffe von "
        "Beamt*innen filmt und veröffentlicht, wurde nach einer Festnahme wegen Rowdytums angeklagt. "
        "Die Anklage soll offenbar seine Berichterstattung unterbinden. Sie muss fallengelassen werden."
    ),
    body=(
        "<p>Mehman Huseynov arbeitet in Baku für eine Organisation für Pressefreiheit und veröffentlicht "
        "Videoberichte über mutmaßliche Korruption und Polizeigewalt. Seit seiner Festnahme darf er das "
        "Land während der Ermittlungen nicht verlassen.</p>"
        "<p>Journalist*innen und Aktivist*innen in Aserbaidschan werden regelmäßig schikaniert, unter "
        "fragwürdigen Anschuldigungen verfolgt und nach unfairen Verfahren inhaftiert.</p>"
    ),
    take_action=(
        "<p>Bitte schreiben Sie auf Englisch, Aserbaidschanisch oder Deutsch:</p>"
        "<ul><li>Fordern Sie, die Anklage wegen Rowdytums gegen Mehman Huseynov fallenzulassen.</li>"
        "<li>Fordern Sie ein Ende der Schikanen gegen Journalist*innen wegen ihrer friedlichen Arbeit.</li></ul>"
    ),
)

FI_168_12_1_UPDATES_EN = [
    (
        datetime.date(2019, 1, 22),
        "Latest",
        "<p>The prosecutor's office has dropped the new charges brought against Mehman Huseynov at the end "
        "of December 2018. He was not freed at once: he must still serve the last months of his current "
        "sentence and is due for release in March 2019. Please keep calling for his immediate and "
        "unconditional release: he is a prisoner of conscience and should never have been prosecuted.</p>",
    ),
    (
        datetime.date(2019, 3, 4),
        "Released",
        "<p>Mehman Huseynov was released on 2 March 2019, at the end of his two-year sentence on fabricated "
        "charges. Pressure at home and abroad, including the letters many of you wrote, led the authorities "
        "to drop the new charges that would have kept him in prison. A formal update will follow; thank you "
        "to everyone who took action for Mehman.</p>",
    ),
]

FI_168_12_1_EN = DocumentText(
    title="New charges against prisoner of conscience",
    summary=(
        "On 26 December 2018, as his two-year prison term neared its end, the Azerbaijani authorities "
        "brought a new criminal charge against prisoner of conscience Mehman Huseynov: assault on an "
        "inspector at the detention centre, which he denies. He began a hunger strike the same day, and "
        "his lawyer describes his health as critical. If convicted he could face up to seven more years "
        "in prison. He must be released immediately and unconditionally."
    ),
    body=(
        "<p>According to his lawyer, prison staff tried several times from August 2018 onwards to draw "
        "Mehman Huseynov into conflicts, in what the lawyer sees as a plan to keep him behind bars on new "
        "charges.</p>"
        "<p>Mehman Huseynov is a well-known journalist and blogger who reports on alleged corruption among "
        "senior officials. In March 2017 a court in Baku sentenced him to two years in prison for "
        "defamation, after he spoke outside the courthouse about the ill-treatment he had suffered: in "
        "January 2017 plain-clothes officers seized him, covered his head, took him to a police station "
        "and beat him and used an electroshock weapon on him.</p>"
        "<p>The rights to freedom of expression, association and peaceful assembly are severely restricted "
        "in Azerbaijan. Local human rights defenders counted around 100 people imprisoned on politically "
        "motivated charges in 2018, and independent monitors are still refused entry to the country.</p>"
    ),
    take_action=(
        "<p>Please write, in English, Azerbaijani or your own language:</p>"
        "<ul><li>calling on the authorities to release Mehman Huseynov immediately and unconditionally, as "
        "he is a prisoner of conscience held solely for his peaceful journalism;</li>"
        "<li>urging them to drop the new assault charge;</li>"
        "<li>asking them to ensure he has regular access to his lawyer, his family and any medical care he "
        "needs while he remains in detention.</li></ul>"
    ),
    model_letter=(
        "I am writing to you about the journalist and blogger Mehman Huseynov, who is held in prison solely "
        "for his peaceful work. On 26 December 2018, shortly before the end of his sentence, he was charged "
        "with assaulting an inspector at the detention centre, a charge he denies.\n\n"
        "I urge you to release Mehman Huseynov immediately and unconditionally and to drop the new charge "
        "against him. Until he is released, please ensure that he has regular access to his lawyer, his "
        "family and any medical care he needs."
    ),
    updates=FI_168_12_1_UPDATES_EN,
)

FI_168_12_1_DE = DocumentText(
    title="Neue Anklage gegen gewaltlosen politischen Gefangenen",
    summary=(
        "Am 26. Dezember 2018, kurz vor dem Ende seiner zweijährigen Haftstrafe, erhoben die Behörden "
        "Aserbaidschans eine neue Anklage gegen den gewaltlosen politischen Gefangenen Mehman Huseynov: "
        "Er soll einen Aufseher im Gefängnis angegriffen haben, was er bestreitet. Noch am selben Tag trat "
        "er in den Hungerstreik; sein Anwalt bezeichnet seinen Gesundheitszustand als kritisch. Bei einer "
        "Verurteilung drohen ihm bis zu sieben weitere Jahre Haft. Er muss sofort und bedingungslos "
        "freigelassen werden."
    ),
    body=(
        "<p>Nach Angaben seines Anwalts versuchte das Gefängnispersonal seit August 2018 mehrfach, Mehman "
        "Huseynov in Auseinandersetzungen zu verwickeln – aus Sicht des Anwalts ein Plan, ihn mit neuen "
        "Anklagen in Haft zu halten.</p>"
        "<p>Mehman Huseynov ist ein bekannter Journalist und Blogger, der über mutmaßliche Korruption "
        "hoher Beamt*innen berichtet. Im März 2017 verurteilte ihn ein Gericht in Baku wegen Verleumdung "
        "zu zwei Jahren Haft, nachdem er vor dem Gerichtsgebäude über die Misshandlungen gesprochen hatte, "
        "die er erlitten hatte: Im Januar 2017 hatten ihn Polizisten in Zivil verschleppt, ihm den Kopf "
        "verhüllt, ihn auf eine Polizeiwache gebracht, geschlagen und mit einem Elektroschocker "
        "misshandelt.</p>"
        "<p>Die Rechte auf freie Meinungsäußerung, Vereinigungs- und Versammlungsfreiheit sind in "
        "Aserbaidschan stark eingeschränkt. Örtliche Menschenrechtsverteidiger*innen zählten 2018 rund 100 "
        "Menschen, die aus politischen Gründen in Haft waren; unabhängigen Beobachter*innen wird die "
        "Einreise weiterhin verweigert.</p>"
    ),
    take_action=(
        "<p>Bitte schreiben Sie auf Englisch, Aserbaidschanisch oder Deutsch:</p>"
        "<ul><li>Fordern Sie die sofortige und bedingungslose Freilassung von Mehman Huseynov, der allein "
        "wegen seiner friedlichen journalistischen Arbeit in Haft ist.</li>"
        "<li>Fordern Sie, die neue Anklage wegen Körperverletzung fallenzulassen.</li>"
        "<li>Fordern Sie, dass er bis zu seiner Freilassung regelmäßig Zugang zu seinem Anwalt, seiner "
        "Familie und jeder nötigen medizinischen Versorgung erhält.</li></ul>"
    ),
    model_letter=(
        "ich schreibe Ihnen wegen des Journalisten und Bloggers Mehman Huseynov, der allein wegen seiner "
        "friedlichen Arbeit in Haft ist. Am 26. Dezember 2018, kurz vor dem Ende seiner Haftstrafe, wurde er "
        "angeklagt, einen Aufseher angegriffen zu haben – ein Vorwurf, den er bestreitet.\n\n"
        "Ich fordere Sie auf, Mehman Huseynov sofort und bedingungslos freizulassen und die neue Anklage "
        "fallenzulassen. Bitte sorgen Sie dafür, dass er bis zu seiner Freilassung regelmäßig Zugang zu "
        "seinem Anwalt, seiner Familie und jeder nötigen medizinischen Versorgung erhält."
    ),
    updates=[
        (
            datetime.date(2019, 1, 22),
            "Neuigkeiten",
            "<p>Die Staatsanwaltschaft hat die Ende Dezember 2018 erhobene neue Anklage gegen Mehman Huseynov "
            "fallengelassen. Er kam jedoch nicht sofort frei: Er muss die letzten Monate seiner Strafe "
            "verbüßen und soll im März 2019 entlassen werden. Bitte fordern Sie weiterhin seine sofortige und "
            "bedingungslose Freilassung: Er ist ein gewaltloser politischer Gefangener und hätte nie "
            "verfolgt werden dürfen.</p>",
        ),
        (
            datetime.date(2019, 3, 4),
            "Freigelassen",
            "<p>Mehman Huseynov wurde am 2. März 2019 freigelassen, am Ende seiner zweijährigen Haftstrafe "
            "aufgrund konstruierter Vorwürfe. Der Druck im In- und Ausland – auch durch die Briefe vieler von "
            "Ihnen – bewegte die Behörden dazu, die neue Anklage fallenzulassen, die ihn weiter in Haft "
            "gehalten hätte. Ein ausführlicher Bericht folgt; vielen Dank an alle, die sich für Mehman "
            "eingesetzt haben!</p>",
        ),
    ],
)

FI_168_12_1_FR_SUMMARY = (
    "Le 26 décembre 2018, alors que sa peine de deux ans touchait à sa fin, les autorités azerbaïdjanaises "
    "ont inculpé le prisonnier d'opinion Mehman Huseynov de violences contre un surveillant, ce qu'il nie. "
    "Il doit être libéré immédiatement et sans condition."
)


# --- Generated cases ----------------------------------------------------------------------------

FIRST_NAMES = [
    "Amina",
    "Jamal",
    "Li",
    "Olga",
    "Reza",
    "Maryam",
    "Tran",
    "Carlos",
    "Ayşe",
    "Hassan",
    "Nadia",
    "Pavel",
    "Farida",
    "Minh",
    "Sofía",
    "Omar",
    "Zhang",
    "Leyla",
    "Ahmed",
    "Ana",
    "Ibrahim",
    "Yulia",
]
LAST_NAMES = [
    "Karimova",
    "Haddad",
    "Wei",
    "Petrova",
    "Tehrani",
    "Ahmadi",
    "Van Long",
    "Ruiz",
    "Demir",
    "Saleh",
    "Rahman",
    "Sokolov",
    "Nasser",
    "Quang",
    "Hernández",
    "Farouk",
    "Min",
    "Aliyeva",
    "Mansour",
    "Gómez",
]

SCENARIOS = [
    {
        "themes": ["freedom-of-expression", "prisoners-of-conscience"],
        "en": (
            "Journalist jailed for reporting on protests",
            '{name}, a journalist, was arrested after reporting on peaceful protests and is held on charges of "spreading false information". {pronoun} is a prisoner of conscience and must be released.',
        ),
        "de": (
            "Journalist*in wegen Berichten über Proteste in Haft",
            '{name}, Journalist*in, wurde nach Berichten über friedliche Proteste festgenommen und wird wegen "Verbreitung falscher Informationen" festgehalten. {name} ist gewaltlose*r politische*r Gefangene*r und muss freigelassen werden.',
        ),
    },
    {
        "themes": ["human-rights-defenders", "unfair-trial"],
        "en": (
            "Human rights lawyer faces long prison term",
            "{name}, a lawyer who defends victims of police abuse, is on trial on vague national security charges and could be sentenced to up to 15 years in prison after proceedings that fall far short of fair trial standards.",
        ),
        "de": (
            "Menschenrechtsanwält*in droht lange Haftstrafe",
            "{name}, die*der Opfer von Polizeigewalt vertritt, steht wegen vager Vorwürfe der Gefährdung der nationalen Sicherheit vor Gericht. Nach einem unfairen Verfahren drohen bis zu 15 Jahre Haft.",
        ),
    },
    {
        "themes": ["death-penalty", "unfair-trial"],
        "en": (
            "Young man at imminent risk of execution",
            '{name} was sentenced to death after a trial that relied on a "confession" he says was extracted under torture. His execution could be carried out at any moment.',
        ),
        "de": (
            "Junger Mann unmittelbar von Hinrichtung bedroht",
            '{name} wurde nach einem Verfahren zum Tode verurteilt, das sich auf ein unter Folter erzwungenes "Geständnis" stützte. Die Hinrichtung kann jederzeit vollstreckt werden.',
        ),
    },
    {
        "themes": ["enforced-disappearance"],
        "en": (
            "Activist disappeared after arrest",
            "{name} was taken away by men in plain clothes and has not been seen since. The authorities deny holding {object}. {pronoun} is at serious risk of torture.",
        ),
        "de": (
            "Aktivist*in nach Festnahme verschwunden",
            "{name} wurde von Männern in Zivil abgeführt und ist seitdem verschwunden. Die Behörden bestreiten, {name} festzuhalten. Es besteht die ernste Gefahr von Folter.",
        ),
    },
    {
        "themes": ["torture", "health"],
        "en": (
            "Prisoner denied medical care after torture",
            "{name} needs urgent medical care for injuries {pronoun_lower} says were caused by beatings in custody, but prison officials refuse to transfer {object} to hospital.",
        ),
        "de": (
            "Gefangene*r nach Folter ohne medizinische Versorgung",
            "{name} braucht dringend medizinische Hilfe wegen Verletzungen durch Schläge in Haft, doch die Gefängnisleitung verweigert die Verlegung in ein Krankenhaus.",
        ),
    },
    {
        "themes": ["human-rights-defenders", "freedom-of-expression"],
        "en": (
            "Environmental defender threatened and charged",
            "{name}, who campaigns against illegal logging, has received death threats and now faces criminal charges for organising a peaceful sit-in.",
        ),
        "de": (
            "Umweltschützer*in bedroht und angeklagt",
            "{name}, die*der sich gegen illegalen Holzeinschlag einsetzt, hat Morddrohungen erhalten und wird nun wegen eines friedlichen Sitzstreiks strafrechtlich verfolgt.",
        ),
    },
]

FOLLOW_UP_TEXT = {
    "en": (
        "Further information: {title}",
        "There is news on the case of {name}. Please keep writing until the authorities meet our demands.",
    ),
    "de": (
        "Weitere Informationen: {title}",
        "Es gibt Neuigkeiten im Fall von {name}. Bitte schreiben Sie weiter, bis die Behörden unsere Forderungen erfüllen.",
    ),
}

UPDATE_TITLES = {
    Outcome.RELEASED: "Released",
    Outcome.CHARGES_DROPPED: "Charges dropped",
    Outcome.SENTENCE_REDUCED: "Death sentence commuted",
    Outcome.TREATMENT_IMPROVED: "Allowed to see a lawyer",
    Outcome.LOCATED: "Found alive in detention",
    Outcome.FURTHER_HARM: "Sentenced",
}

MODEL_LETTER = {
    "en": (
        "I am writing to you about {name}, who is held for peacefully exercising human rights.\n\n"
        "I urge you to release {name} immediately and unconditionally and, until then, to protect {object} "
        "from torture and other ill-treatment."
    ),
    "de": (
        "ich schreibe Ihnen wegen {name}, der*die allein wegen der friedlichen Wahrnehmung der Menschenrechte "
        "in Haft ist.\n\n"
        "Ich fordere Sie auf, {name} sofort und bedingungslos freizulassen und bis dahin vor Folter und "
        "anderer Misshandlung zu schützen."
    ),
}

TAKE_ACTION = {
    "en": "<p>Please write to the authorities:</p><ul><li>calling for the immediate release of {name};</li><li>asking for {object} to be protected from torture and other ill-treatment.</li></ul>",
    "de": "<p>Bitte schreiben Sie an die Behörden:</p><ul><li>Fordern Sie die sofortige Freilassung von {name}.</li><li>Fordern Sie Schutz vor Folter und anderer Misshandlung.</li></ul>",
}


# --- The site's own pages ------------------------------------------------------------------------

# Per page: its title and intro (HTML for the home and index pages) in each language; English first.
SITE_PAGES = {
    "home": {
        "en": (
            "Urgent Actions",
            "<p>When someone is at immediate risk, a letter can change what happens next. Read the "
            "cases, write to the officials, and tell us that you wrote.</p>",
        ),
        "de": (
            "Urgent Actions",
            "<p>Wenn Menschen in akuter Gefahr sind, kann ein Brief etwas bewegen. "
            "Lesen Sie die Fälle, schreiben Sie an die Verantwortlichen und sagen Sie uns, dass Sie "
            "geschrieben haben.</p>",
        ),
        "fr": ("Actions urgentes", "<p>Lorsqu'une personne est en danger immédiat, une lettre peut tout changer.</p>"),
        "it": (
            "Azioni urgenti",
            "<p>Quando una persona è in pericolo immediato, una lettera può cambiare le cose.</p>",
        ),
    },
    "index": {
        "en": ("Urgent Actions", "<p>Open actions come first: write before the deadline.</p>"),
        "de": ("Urgent Actions", "<p>Offene Aktionen zuerst: Schreiben Sie vor Ablauf der Frist.</p>"),
        "fr": ("Actions urgentes", "<p>Les actions en cours d'abord : écrivez avant la date limite.</p>"),
        "it": ("Azioni urgenti", "<p>Prima le azioni aperte: scrivete prima della scadenza.</p>"),
    },
    "basics": {
        "en": (
            "Human rights basics",
            "Basic information on human rights and the international treaties that protect them.",
        ),
        "de": (
            "Grundlagen der Menschenrechte",
            "Grundlegende Infos über die Menschenrechte und die verschiedenen internationalen Abkommen.",
        ),
        "fr": (
            "Les droits humains en bref",
            "Informations de base sur les droits humains et les traités internationaux.",
        ),
        "it": (
            "Nozioni di base sui diritti umani",
            "Informazioni di base sui diritti umani e sui trattati internazionali.",
        ),
    },
    "how_to": {
        "en": ("How to write an appeal", "Short, polite and in time: how your letter has the most effect."),
        "de": ("So schreiben Sie einen Appell", "Kurz, höflich und rechtzeitig: So wirkt Ihr Brief am besten."),
        "fr": ("Comment écrire un appel", "Court, poli et à temps : comment votre lettre a le plus d'effet."),
        "it": ("Come scrivere un appello", "Breve, cortese e puntuale: così la vostra lettera è più efficace."),
    },
}
INFO_PAGES = {  # slug and English body of each information page
    "basics": (
        "human-rights-basics",
        "<p>Human rights belong to every person. The Universal Declaration of Human Rights of 1948 "
        "and the treaties built on it, such as the International Covenant on Civil and Political "
        "Rights and the Convention against Torture, bind the states that ratified them.</p>",
    ),
    "how_to": (
        "how-to-write",
        "<p>Be brief and polite, write in the official's language or one the action proposes, and "
        "post your letter only if the deadline is at least a week away. If you have ties to the "
        "country, sign with your initials and town only.</p>",
    ),
}
SITE_MESSAGES = {
    "en": "Letter-writing evening on the first Monday of every month: bring a friend and a pen.",
    "de": "Briefeschreib-Abend an jedem ersten Montag im Monat: Bringen Sie Freund*innen und einen Stift mit.",
    "fr": "Soirée d'écriture de lettres le premier lundi de chaque mois.",
    "it": "Serata di scrittura di lettere il primo lunedì di ogni mese.",
}

# --- The reference case's officials, in English and (title, salutation, name) in German -----------

REFERENCE_TARGETS = {
    "AZ": {
        "name": "Kamran Aliyev",
        "title": "Prosecutor General of the Republic of Azerbaijan",
        "postal_address": "Prosecutor General's Office\n7 Nigar Rafibeyli Street\nBaku AZ1001\nAzerbaijan",
        "email": "prosecutor-general@example.org",
        "fax": "+994 12 000 00 01",
        "salutation": "Dear Prosecutor General",
        "preferred_languages": "az",
    },
    "AZ-embassy": {
        "name": "Ambassador of the Republic of Azerbaijan",
        "title": "Embassy of the Republic of Azerbaijan",
        "postal_address": "Hubertusallee 43\n14193 Berlin\nGermany",
        "email": "embassy-azerbaijan@example.org",
        "fax": "+49 30 000 00 02",
        "salutation": "Your Excellency",
        "preferred_languages": "de",
    },
}
REFERENCE_TARGETS_DE = {
    "AZ": {
        "title": "Generalstaatsanwalt der Republik Aserbaidschan",
        "salutation": "Sehr geehrter Herr Generalstaatsanwalt",
    },
    "AZ-embassy": {
        "name": "Botschafter der Republik Aserbaidschan",
        "title": "Botschaft der Republik Aserbaidschan",
        "salutation": "Sehr geehrter Herr Botschafter",
    },
}
REFERENCE_DOWNLOADS = [  # the Word files of FI 168/12-1: language, its name in the file's title, summary
    ("en", "english", FI_168_12_1_EN.summary),
    ("fr", "français", FI_168_12_1_FR_SUMMARY),
    ("de", "deutsch", FI_168_12_1_DE.summary),
]

# --- The generated cases' officials and outcomes -------------------------------------------------

GENERIC_TARGET_TITLES = ["Minister of Justice", "Prosecutor General", "Minister of the Interior", "President"]
GENERATED_OUTCOMES = [
    Outcome.RELEASED,
    Outcome.CHARGES_DROPPED,
    Outcome.SENTENCE_REDUCED,
    Outcome.TREATMENT_IMPROVED,
    Outcome.LOCATED,
    Outcome.NO_CHANGE,
    Outcome.FURTHER_HARM,
    Outcome.OTHER,
]
