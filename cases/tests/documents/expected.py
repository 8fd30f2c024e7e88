"""The expected reading of each test document (cases/tests/documents/*.txt): every field of
cases.reading.ReadDocument, persons and targets as dicts of their fields."""

import datetime

EXPECTED = {
    "en-ua-labelled.txt": {
        "language": "en",
        "kind": "urgent_action",
        "sequence": 7,
        "year": 2019,
        "follow_up": None,
        "ordinal": None,
        "ai_index": "EUR 55/9681/2019",
        "issue_date": datetime.date(2019, 1, 21),
        "title": "Journalist faces new charges in prison",
        "country": "AZ",
        "persons": [{"name": "Mehman Huseynov", "gender": "man", "age": 29, "occupation": "blogger"}],
        "summary": 'Imprisoned journalist Mehman Huseynov faces new charges of "resisting or using '
        'violence against a public official" that could add up to seven years to his '
        "sentence. Mehman Huseynov, a 29-year-old blogger, was due to be released on 2 "
        "March 2019 after serving a two-year sentence for defamation; the new charges "
        "were brought days after he complained of ill-treatment by prison guards.",
        "take_action": [
            "I urge you to drop the new charges against Mehman Huseynov and to release "
            "him immediately and unconditionally on 2 March 2019, when his sentence "
            "ends.",
            "I also call on you to ensure that his allegations of ill-treatment are "
            "promptly, thoroughly and impartially investigated, and that he is protected "
            "from further ill-treatment while in detention.",
        ],
        "model_letter": "I am writing to express my concern about the new charges brought against "
        "the journalist and blogger Mehman Huseynov, who is serving a two-year "
        'prison sentence in Baku for defamation. The charges of "resisting or using '
        'violence against a public official" were brought after he told his lawyer '
        "that prison guards had beaten him.\n"
        "\n"
        "Mehman Huseynov was convicted in March 2017 after he publicly described "
        "being tortured in police custody. He is a prisoner of conscience, detained "
        "solely for the peaceful exercise of his right to freedom of expression.\n"
        "\n"
        "I urge you to drop the new charges against Mehman Huseynov and to release "
        "him immediately and unconditionally on 2 March 2019, when his sentence "
        "ends. I also call on you to ensure that his allegations of ill-treatment "
        "are promptly, thoroughly and impartially investigated, and that he is "
        "protected from further ill-treatment while in detention.",
        "targets": [
            {
                "name": "Kamran Aliyev",
                "title": "Prosecutor General",
                "postal_address": "Prosecutor General's Office\n7 Nobel Avenue, Baku AZ1007\nAzerbaijan",
                "email": "info@prosecutor.gov.az",
                "fax": "+994 12 492 06 04",
                "phone": "",
                "social_media": "@ProsecutorAz",
                "salutation": "Dear Prosecutor General",
                "salutations": {},
                "preferred_languages": ["en", "az"],
                "role": "write_to",
            },
            {
                "name": "Fikrat Mammadov",
                "title": "Minister of Justice",
                "postal_address": "Ministry of Justice\n1 Inshaatchilar Avenue, Baku AZ1073\nAzerbaijan",
                "email": "contact@justice.gov.az",
                "fax": "+994 12 430 09 81",
                "phone": "",
                "social_media": "",
                "salutation": "Dear Minister",
                "salutations": {"az": "Hörmətli Nazir"},
                "preferred_languages": ["en", "az"],
                "role": "write_to",
            },
            {
                "name": "Elin Suleymanov",
                "title": "Ambassador",
                "postal_address": "Embassy of the Republic of Azerbaijan\n2741 34th Street NW\nWashington DC 20008",
                "email": "azerbaijan@azembassy.us",
                "fax": "+1 202 337 5911",
                "phone": "",
                "social_media": "",
                "salutation": "Your Excellency",
                "salutations": {},
                "preferred_languages": [],
                "role": "copy_to",
            },
        ],
        "appeal_deadline": datetime.date(2019, 3, 7),
        "appeal_languages": ["en", "az"],
        "previous_document": "https://www.amnesty.org/en/documents/eur55/5641/2017/en/",
        "background": [
            "Mehman Huseynov is a well-known blogger and the head of the Institute for "
            "Reporters' Freedom and Safety, an organization that monitors press freedom "
            "in Azerbaijan. He was arrested on 9 January 2017 and held incommunicado for "
            "one day; he later said that police officers had put a bag over his head and "
            "beaten him.",
            "On 3 March 2017 the Surakhani District Court sentenced him to two years in "
            "prison for defamation of the police. His arrest and trial were part of a "
            "wider crackdown on independent journalists, human rights defenders and "
            "opposition activists in Azerbaijan, dozens of whom remain behind bars.",
            "On 28 December 2018 the Prosecutor General's Office opened a new case "
            "against him under Article 315.2 of the Criminal Code. If convicted, Mehman "
            "Huseynov could face up to seven more years in prison.",
        ],
        "missing": [],
        "number": "7/19",
    },
    "en-ua-prose.txt": {
        "language": "en",
        "kind": "urgent_action",
        "sequence": 168,
        "year": 2012,
        "follow_up": None,
        "ordinal": None,
        "ai_index": "EUR 55/011/2012",
        "issue_date": datetime.date(2012, 6, 12),
        "title": "Youth activists detained for protest posts",
        "country": "AZ",
        "persons": [
            {"name": "Elvin Rahimov", "gender": "man", "age": 24, "occupation": "student"},
            {"name": "Nigar Hasanova", "gender": "woman", "age": 27, "occupation": "teacher"},
        ],
        "summary": "Two youth activists, Elvin Rahimov and Nigar Hasanova, were arrested in Baku on 8 "
        "June 2012 after they called on Facebook for a peaceful protest against the "
        "demolition of homes in the city centre. They are held at the Ministry of Internal "
        "Affairs' Main Organized Crime Department and have been denied access to lawyers of "
        "their choice.",
        "take_action": [
            "Calling for the immediate and unconditional release of Elvin Rahimov and Nigar "
            "Hasanova, as they are prisoners of conscience",
            "Urging the authorities to ensure that they have immediate access to lawyers of "
            "their choice and to their families",
            "Urging them to ensure that they are not tortured or otherwise ill-treated in detention.",
        ],
        "model_letter": "",
        "targets": [
            {
                "name": "Zakir Garalov",
                "title": "Prosecutor General",
                "postal_address": "Prosecutor General's Office\n7 Nobel Avenue\nBaku AZ1007, Azerbaijan",
                "email": "info@genprosecutor.gov.az",
                "fax": "+994 12 492 06 04",
                "phone": "",
                "social_media": "",
                "salutation": "Dear Prosecutor General",
                "salutations": {},
                "preferred_languages": ["az", "en"],
                "role": "write_to",
            },
            {
                "name": "Ramil Usubov",
                "title": "Minister of Internal Affairs",
                "postal_address": "Ministry of Internal Affairs\n7 Azerbaijan Avenue\nBaku AZ1005, Azerbaijan",
                "email": "office@mia.gov.az",
                "fax": "+994 12 590 92 13",
                "phone": "",
                "social_media": "",
                "salutation": "Dear Minister",
                "salutations": {},
                "preferred_languages": ["az", "en"],
                "role": "write_to",
            },
            {
                "name": "Elmira Suleymanova",
                "title": "Ombudsperson",
                "postal_address": "Office of the Commissioner for Human Rights\n"
                "40 Uzeyir Hajibeyov Street\n"
                "Baku AZ1000, Azerbaijan",
                "email": "ombudsman@ombudsman.gov.az",
                "fax": "+994 12 498 50 23",
                "phone": "",
                "social_media": "",
                "salutation": "",
                "salutations": {},
                "preferred_languages": [],
                "role": "copy_to",
            },
        ],
        "appeal_deadline": datetime.date(2012, 7, 24),
        "appeal_languages": ["az", "en"],
        "previous_document": "",
        "background": [
            "Since the Eurovision Song Contest was held in Baku in May 2012, the Azerbaijani "
            "authorities have intensified their crackdown on dissent. Peaceful protests in "
            "the capital have been dispersed with force and dozens of participants detained "
            "for short periods; at least 14 youth activists are in prison on charges that "
            "Amnesty International believes were fabricated.",
            "The demolition of homes near the Boulevard in Baku has left hundreds of "
            "families without adequate compensation. Residents who refused to leave were "
            "evicted by force, and those who protested have been threatened with arrest.",
            "Elvin Rahimov and Nigar Hasanova are members of the youth movement Nida, "
            "several of whose members were detained in 2011 and 2012 after calling for "
            "protests online.",
        ],
        "missing": ["model_letter"],
        "number": "168/12",
    },
    "en-fi-prose.txt": {
        "language": "en",
        "kind": "further_information",
        "sequence": 168,
        "year": 2012,
        "follow_up": 1,
        "ordinal": None,
        "ai_index": "EUR 55/012/2012",
        "issue_date": datetime.date(2012, 6, 30),
        "title": "Youth activist released, another still held",
        "country": "AZ",
        "persons": [{"name": "Elvin Rahimov", "gender": "man", "age": 24, "occupation": "student"}],
        "summary": "Youth activist Nigar Hasanova was released on 27 June 2012 after the charges "
        "against her were dropped. Elvin Rahimov, a 24-year-old student, remains in "
        'pre-trial detention in Baku and has been charged with "drug possession", an '
        "accusation he denies.",
        "take_action": [
            "Welcoming the release of Nigar Hasanova",
            "Calling for the immediate and unconditional release of Elvin Rahimov, as he is "
            "a prisoner of conscience held solely for peacefully exercising his right to "
            "freedom of expression",
            "Urging the authorities to investigate his allegation that drugs were planted on him.",
        ],
        "model_letter": "",
        "targets": [
            {
                "name": "Zakir Garalov",
                "title": "Prosecutor General",
                "postal_address": "Prosecutor General's Office\n7 Nobel Avenue\nBaku AZ1007, Azerbaijan",
                "email": "info@genprosecutor.gov.az",
                "fax": "+994 12 492 06 04",
                "phone": "",
                "social_media": "",
                "salutation": "Dear Prosecutor General",
                "salutations": {},
                "preferred_languages": ["az", "en"],
                "role": "write_to",
            },
            {
                "name": "Fakhraddin Gurbanov",
                "title": "Ambassador",
                "postal_address": "Embassy of the Republic of Azerbaijan\n4 Kensington Court\nLondon W8 5DL",
                "email": "london@mission.mfa.gov.az",
                "fax": "+44 20 7938 5873",
                "phone": "",
                "social_media": "",
                "salutation": "Your Excellency",
                "salutations": {},
                "preferred_languages": [],
                "role": "copy_to",
            },
        ],
        "appeal_deadline": datetime.date(2012, 8, 11),
        "appeal_languages": ["az", "en"],
        "previous_document": "http://www.amnesty.org/en/library/info/EUR55/011/2012/en",
        "background": [
            "Drug charges have been used repeatedly in Azerbaijan against youth activists "
            "and journalists critical of the government. In 2011 and 2012 at least four "
            "members of youth movements were sentenced to prison terms on drug charges after "
            "they took part in protests or criticised the authorities online.",
            "Police officers routinely deny detainees access to a lawyer of their choice "
            "during the first days of detention, when the risk of torture and other "
            "ill-treatment is highest.",
        ],
        "missing": ["model_letter"],
        "number": "168/12-1",
    },
    "en-reissued.txt": {
        "language": "en",
        "kind": "reissued",
        "sequence": 85,
        "year": 2022,
        "follow_up": None,
        "ordinal": 2,
        "ai_index": "AMR 37/6120/2022",
        "issue_date": datetime.date(2022, 11, 14),
        "title": "Land defenders still held without trial",
        "country": "HN",
        "persons": [
            {"name": "Porfirio Sorto Cedillo", "gender": "man", "age": None, "occupation": ""},
            {"name": "José Abelino Cedillo", "gender": "man", "age": None, "occupation": ""},
            {"name": "Kelvin Alejandro Romero", "gender": "man", "age": None, "occupation": ""},
        ],
        "summary": "Six water defenders from the Guapinol community remain in pre-trial detention in "
        "Tocoa, more than three years after their arrest, although the Supreme Court ruled "
        "in February 2022 that their detention was unlawful. The trial court has again "
        "postponed a hearing on their release. We are re-issuing this Urgent Action because "
        "their lives and health are at risk in prison.",
        "take_action": [
            "Release the Guapinol water defenders immediately and unconditionally.",
            "Drop all charges brought against them for peacefully defending the Guapinol river.",
            "Guarantee their safety and that of their families while the case is pending.",
        ],
        "model_letter": "",
        "targets": [
            {
                "name": "Óscar Chinchilla",
                "title": "Attorney General",
                "postal_address": "Public Prosecutor's Office\n"
                "Lomas de Guijarro, Avenida República Dominicana\n"
                "Tegucigalpa, Honduras",
                "email": "relacionespublicas@mp.hn",
                "fax": "",
                "phone": "+504 2221 3099",
                "social_media": "@MP_Honduras",
                "salutation": "Dear Attorney General",
                "salutations": {"es": "Estimado Señor Fiscal General"},
                "preferred_languages": ["es", "en"],
                "role": "write_to",
            },
            {
                "name": "Natalie Roque",
                "title": "Minister of Human Rights",
                "postal_address": "Secretariat of Human Rights\n"
                "Colonia Palmira, Avenida República de Panamá\n"
                "Tegucigalpa, Honduras",
                "email": "despacho@sedh.gob.hn",
                "fax": "",
                "phone": "",
                "social_media": "SEDH Honduras",
                "salutation": "Dear Minister",
                "salutations": {"es": "Estimada Señora Ministra"},
                "preferred_languages": ["es", "en"],
                "role": "write_to",
            },
            {
                "name": "Javier Bu Soto",
                "title": "Ambassador",
                "postal_address": "Embassy of Honduras\n1220 19th Street NW, Suite 320\nWashington DC 20036",
                "email": "embassy@hondurasemb.org",
                "fax": "",
                "phone": "",
                "social_media": "",
                "salutation": "Your Excellency",
                "salutations": {},
                "preferred_languages": [],
                "role": "copy_to",
            },
        ],
        "appeal_deadline": datetime.date(2023, 1, 9),
        "appeal_languages": ["es", "en"],
        "previous_document": "https://www.amnesty.org/en/documents/amr37/5560/2022/en/",
        "background": [
            "The eight Guapinol defenders were detained in 2019 after they took part in a "
            "peaceful camp protesting against an iron-oxide mine in the Carlos Escaleras "
            "national park, whose concessions threaten the Guapinol and San Pedro rivers on "
            "which thousands of people depend for water.",
            "In February 2022 the Constitutional Chamber of the Supreme Court found that "
            "their pre-trial detention was illegal, and two of the defenders were released. "
            "The trial court in Tocoa has since postponed the hearings on the others four "
            "times, citing a lack of judges.",
            "Environmental defenders in Honduras face killings, threats and criminal "
            "charges: Honduras is among the most dangerous countries in the world for people "
            "who defend land and the environment.",
        ],
        "missing": ["model_letter"],
        "number": "85/22",
    },
    "fr-ua-labelled.txt": {
        "language": "fr",
        "kind": "urgent_action",
        "sequence": 7,
        "year": 2019,
        "follow_up": None,
        "ordinal": None,
        "ai_index": "EUR 55/9681/2019",
        "issue_date": datetime.date(2019, 1, 21),
        "title": "Un journaliste emprisonné fait l'objet de nouvelles accusations",
        "country": "AZ",
        "persons": [{"name": "Mehman Huseynov", "gender": "man", "age": 29, "occupation": "blogueur"}],
        "summary": "Le journaliste emprisonné Mehman Huseynov fait l'objet de nouvelles accusations "
        "de \"résistance ou violences à l'égard d'un représentant de l'État\", pour "
        "lesquelles il encourt jusqu'à sept années d'emprisonnement supplémentaires. "
        "Mehman Huseynov, blogueur de 29 ans, devait être libéré le 2 mars 2019 après "
        "avoir purgé une peine de deux ans pour diffamation ; les nouvelles accusations "
        "ont été portées quelques jours après qu'il a dénoncé des mauvais traitements "
        "infligés par des gardiens.",
        "take_action": [
            "Je vous prie instamment d'abandonner les nouvelles accusations portées "
            "contre Mehman Huseynov et de le libérer immédiatement et sans condition le "
            "2 mars 2019, à l'expiration de sa peine.",
            "Je vous demande également de veiller à ce que ses allégations de mauvais "
            "traitements fassent sans délai l'objet d'une enquête approfondie et "
            "impartiale, et à ce qu'il soit protégé de tout nouveau mauvais traitement "
            "en détention.",
        ],
        "model_letter": "Je vous écris pour vous faire part de ma préoccupation au sujet des "
        "nouvelles accusations portées contre le journaliste et blogueur Mehman "
        "Huseynov, qui purge une peine de deux ans d'emprisonnement à Bakou pour "
        "diffamation. Ces accusations de \"résistance ou violences à l'égard d'un "
        "représentant de l'État\" ont été portées après qu'il a déclaré à son "
        "avocat que des gardiens l'avaient frappé.\n"
        "\n"
        "Mehman Huseynov a été déclaré coupable en mars 2017 après avoir décrit "
        "publiquement les actes de torture qu'il avait subis en garde à vue. Il "
        "s'agit d'un prisonnier d'opinion, détenu uniquement pour avoir exercé "
        "pacifiquement son droit à la liberté d'expression.\n"
        "\n"
        "Je vous prie instamment d'abandonner les nouvelles accusations portées "
        "contre Mehman Huseynov et de le libérer immédiatement et sans condition le "
        "2 mars 2019, à l'expiration de sa peine. Je vous demande également de "
        "veiller à ce que ses allégations de mauvais traitements fassent sans délai "
        "l'objet d'une enquête approfondie et impartiale, et à ce qu'il soit protégé "
        "de tout nouveau mauvais traitement en détention.",
        "targets": [
            {
                "name": "Kamran Aliyev",
                "title": "Procureur général",
                "postal_address": "Bureau du procureur général\n7 avenue Nobel, Bakou AZ1007\nAzerbaïdjan",
                "email": "info@prosecutor.gov.az",
                "fax": "+994 12 492 06 04",
                "phone": "",
                "social_media": "@ProsecutorAz",
                "salutation": "Monsieur le Procureur général",
                "salutations": {},
                "preferred_languages": ["en", "az"],
                "role": "write_to",
            },
            {
                "name": "Fikrat Mammadov",
                "title": "Ministre de la Justice",
                "postal_address": "Ministère de la Justice\n1 avenue Inshaatchilar, Bakou AZ1073\nAzerbaïdjan",
                "email": "contact@justice.gov.az",
                "fax": "+994 12 430 09 81",
                "phone": "",
                "social_media": "",
                "salutation": "Monsieur le Ministre",
                "salutations": {"az": "Hörmətli Nazir"},
                "preferred_languages": ["en", "az"],
                "role": "write_to",
            },
            {
                "name": "Elin Suleymanov",
                "title": "Ambassadeur",
                "postal_address": "Ambassade de la République d'Azerbaïdjan\n2741 34th Street NW\nWashington DC 20008",
                "email": "azerbaijan@azembassy.us",
                "fax": "+1 202 337 5911",
                "phone": "",
                "social_media": "",
                "salutation": "Excellence",
                "salutations": {},
                "preferred_languages": [],
                "role": "copy_to",
            },
        ],
        "appeal_deadline": datetime.date(2019, 3, 7),
        "appeal_languages": ["en", "az"],
        "previous_document": "https://www.amnesty.org/fr/documents/eur55/5641/2017/fr/",
        "background": [
            "Mehman Huseynov est un blogueur connu et dirige l'Institut pour la liberté "
            "et la sécurité des reporters, une organisation qui surveille la liberté de "
            "la presse en Azerbaïdjan. Il a été arrêté le 9 janvier 2017 et détenu au "
            "secret pendant une journée ; il a ensuite raconté que des policiers lui "
            "avaient mis un sac sur la tête et l'avaient frappé.",
            "Le 3 mars 2017, le tribunal du district de Surakhani l'a condamné à deux ans "
            "d'emprisonnement pour diffamation envers la police. Son arrestation et son "
            "procès s'inscrivaient dans une vaste répression visant les journalistes "
            "indépendants, les défenseurs des droits humains et les militants de "
            "l'opposition en Azerbaïdjan, dont des dizaines sont toujours derrière les "
            "barreaux.",
            "Le 28 décembre 2018, le bureau du procureur général a ouvert une nouvelle "
            "information judiciaire contre lui au titre de l'article 315.2 du Code pénal. "
            "S'il est déclaré coupable, Mehman Huseynov encourt jusqu'à sept années "
            "d'emprisonnement supplémentaires.",
        ],
        "missing": [],
        "number": "7/19",
    },
    "fr-fi.txt": {
        "language": "fr",
        "kind": "further_information",
        "sequence": 168,
        "year": 2012,
        "follow_up": 1,
        "ordinal": None,
        "ai_index": "EUR 55/012/2012",
        "issue_date": datetime.date(2012, 6, 30),
        "title": "Un militant libéré, un autre toujours détenu",
        "country": "AZ",
        "persons": [{"name": "Elvin Rahimov", "gender": "man", "age": 24, "occupation": "étudiant"}],
        "summary": "La militante Nigar Hasanova a été libérée le 27 juin 2012 après l'abandon des charges "
        "retenues contre elle. Elvin Rahimov, étudiant de 24 ans, est toujours en détention "
        'provisoire à Bakou et est désormais inculpé de "détention de stupéfiants", une accusation '
        "qu'il rejette.",
        "take_action": [
            "Félicitez les autorités pour la libération de Nigar Hasanova",
            "Demandez la libération immédiate et sans condition d'Elvin Rahimov, prisonnier "
            "d'opinion détenu uniquement pour avoir exercé pacifiquement son droit à la liberté "
            "d'expression",
            "Exhortez les autorités à enquêter sur ses allégations selon lesquelles la drogue "
            "aurait été placée sur lui.",
        ],
        "model_letter": "",
        "targets": [
            {
                "name": "Zakir Garalov",
                "title": "Procureur général",
                "postal_address": "Bureau du procureur général\n7 avenue Nobel\nBakou AZ1007, Azerbaïdjan",
                "email": "info@genprosecutor.gov.az",
                "fax": "+994 12 492 06 04",
                "phone": "",
                "social_media": "",
                "salutation": "Monsieur le Procureur général",
                "salutations": {},
                "preferred_languages": ["az", "en"],
                "role": "write_to",
            },
            {
                "name": "Elchin Amirbayov",
                "title": "Ambassadeur",
                "postal_address": "Ambassade de la République d'Azerbaïdjan\n78, avenue d'Iéna\n75116 Paris\nFrance",
                "email": "paris@mission.mfa.gov.az",
                "fax": "+33 1 40 76 18 00",
                "phone": "",
                "social_media": "",
                "salutation": "Excellence",
                "salutations": {},
                "preferred_languages": [],
                "role": "copy_to",
            },
        ],
        "appeal_deadline": datetime.date(2012, 8, 11),
        "appeal_languages": ["az", "en"],
        "previous_document": "https://www.amnesty.org/fr/documents/eur55/011/2012/fr/",
        "background": [
            "Des accusations liées aux stupéfiants ont été utilisées à maintes reprises en "
            "Azerbaïdjan contre des militants et des journalistes critiques à l'égard du "
            "gouvernement. En 2011 et 2012, au moins quatre membres de mouvements de jeunesse ont "
            "été condamnés à des peines d'emprisonnement pour des infractions liées aux "
            "stupéfiants après avoir participé à des manifestations ou critiqué les autorités en "
            "ligne.",
            "Les policiers refusent régulièrement aux personnes détenues l'accès à l'avocat de "
            "leur choix pendant les premiers jours de leur détention, lorsque le risque de torture "
            "et d'autres mauvais traitements est le plus élevé.",
        ],
        "missing": ["model_letter"],
        "number": "168/12-1",
    },
    "de-ua-labelled.txt": {
        "language": "de",
        "kind": "urgent_action",
        "sequence": 7,
        "year": 2019,
        "follow_up": None,
        "ordinal": None,
        "ai_index": "EUR 55/9681/2019",
        "issue_date": datetime.date(2019, 1, 21),
        "title": "Inhaftiertem journalisten drohen neue anklagen",
        "country": "AZ",
        "persons": [{"name": "Mehman Huseynov", "gender": "man", "age": 29, "occupation": "Blogger"}],
        "summary": 'Gegen den inhaftierten Journalisten Mehman Huseynov ist wegen "Widerstands gegen '
        'einen Amtsträger oder Gewaltanwendung gegen ihn" ein neues Verfahren eröffnet '
        "worden, das seine Haftstrafe um bis zu sieben Jahre verlängern könnte. Mehman "
        "Huseynov, ein 29-jähriger Blogger, sollte am 2. März 2019 nach Verbüßung einer "
        "zweijährigen Haftstrafe wegen Verleumdung freikommen; die neuen Anklagen wurden "
        "wenige Tage erhoben, nachdem er sich über Misshandlungen durch Gefängniswärter "
        "beschwert hatte.",
        "take_action": [
            "Ich fordere Sie auf, die neuen Anklagen gegen Mehman Huseynov fallen zu "
            "lassen und ihn am 2. März 2019, wenn seine Haftstrafe endet, umgehend und "
            "bedingungslos freizulassen.",
            "Ich bitte Sie außerdem, dafür zu sorgen, dass seine Misshandlungsvorwürfe "
            "umgehend, gründlich und unparteiisch untersucht werden und dass er in der "
            "Haft vor weiteren Misshandlungen geschützt wird.",
        ],
        "model_letter": "ich schreibe Ihnen, um meine Besorgnis über die neuen Anklagen gegen den "
        "Journalisten und Blogger Mehman Huseynov zum Ausdruck zu bringen, der in "
        "Baku eine zweijährige Haftstrafe wegen Verleumdung verbüßt. Die Anklagen "
        'wegen "Widerstands gegen einen Amtsträger" wurden erhoben, nachdem er '
        "seinem Rechtsbeistand berichtet hatte, dass Gefängniswärter ihn geschlagen "
        "hätten.\n"
        "\n"
        "Mehman Huseynov wurde im März 2017 verurteilt, nachdem er öffentlich "
        "geschildert hatte, dass er in Polizeigewahrsam gefoltert worden war. Er ist "
        "ein gewaltloser politischer Gefangener, der nur deshalb inhaftiert ist, "
        "weil er friedlich sein Recht auf freie Meinungsäußerung wahrgenommen hat.\n"
        "\n"
        "Ich fordere Sie auf, die neuen Anklagen gegen Mehman Huseynov fallen zu "
        "lassen und ihn am 2. März 2019, wenn seine Haftstrafe endet, umgehend und "
        "bedingungslos freizulassen. Ich bitte Sie außerdem, dafür zu sorgen, dass "
        "seine Misshandlungsvorwürfe umgehend, gründlich und unparteiisch untersucht "
        "werden und dass er in der Haft vor weiteren Misshandlungen geschützt wird.",
        "targets": [
            {
                "name": "Kamran Aliyev",
                "title": "Generalstaatsanwalt",
                "postal_address": "Generalstaatsanwaltschaft\n7 Nobel Avenue, Baku AZ1007\nAserbaidschan",
                "email": "info@prosecutor.gov.az",
                "fax": "+994 12 492 06 04",
                "phone": "",
                "social_media": "@ProsecutorAz",
                "salutation": "Sehr geehrter Herr Generalstaatsanwalt",
                "salutations": {},
                "preferred_languages": ["en", "az"],
                "role": "write_to",
            },
            {
                "name": "Fikrat Mammadov",
                "title": "Justizminister",
                "postal_address": "Justizministerium\n1 Inshaatchilar Avenue, Baku AZ1073\nAserbaidschan",
                "email": "contact@justice.gov.az",
                "fax": "+994 12 430 09 81",
                "phone": "",
                "social_media": "",
                "salutation": "Sehr geehrter Herr Minister",
                "salutations": {"az": "Hörmətli Nazir"},
                "preferred_languages": ["en", "az"],
                "role": "write_to",
            },
            {
                "name": "Elin Suleymanov",
                "title": "Botschafter",
                "postal_address": "Botschaft der Republik Aserbaidschan\n2741 34th Street NW\nWashington DC 20008",
                "email": "azerbaijan@azembassy.us",
                "fax": "+1 202 337 5911",
                "phone": "",
                "social_media": "",
                "salutation": "Exzellenz",
                "salutations": {},
                "preferred_languages": [],
                "role": "copy_to",
            },
        ],
        "appeal_deadline": datetime.date(2019, 3, 7),
        "appeal_languages": ["en", "az"],
        "previous_document": "https://www.amnesty.org/en/documents/eur55/5641/2017/en/",
        "background": [
            "Mehman Huseynov ist ein bekannter Blogger und leitet das Institut für die "
            "Freiheit und Sicherheit von Reporter_innen, eine Organisation, die die "
            "Pressefreiheit in Aserbaidschan beobachtet. Er wurde am 9. Januar 2017 "
            "festgenommen und einen Tag lang ohne Kontakt zur Außenwelt festgehalten; "
            "später berichtete er, Polizisten hätten ihm einen Sack über den Kopf gezogen "
            "und ihn geschlagen.",
            "Am 3. März 2017 verurteilte ihn das Bezirksgericht Surakhani wegen "
            "Verleumdung der Polizei zu zwei Jahren Haft. Seine Festnahme und sein "
            "Prozess waren Teil eines umfassenden Vorgehens gegen unabhängige "
            "Journalist_innen, Menschenrechtsverteidiger_innen und Oppositionelle in "
            "Aserbaidschan, von denen Dutzende weiterhin in Haft sind.",
            "Am 28. Dezember 2018 leitete die Generalstaatsanwaltschaft nach Artikel "
            "315.2 des Strafgesetzbuchs ein neues Verfahren gegen ihn ein. Wird Mehman "
            "Huseynov verurteilt, drohen ihm bis zu sieben weitere Jahre Haft.",
        ],
        "missing": [],
        "number": "7/19",
    },
    "de-fi.txt": {
        "language": "de",
        "kind": "further_information",
        "sequence": 168,
        "year": 2012,
        "follow_up": 1,
        "ordinal": None,
        "ai_index": "EUR 55/012/2012",
        "issue_date": datetime.date(2012, 6, 30),
        "title": "Ein aktivist frei, ein anderer weiter in haft",
        "country": "AZ",
        "persons": [{"name": "Elvin Rahimov", "gender": "man", "age": 24, "occupation": "Student"}],
        "summary": "Die Aktivistin Nigar Hasanova ist am 27. Juni 2012 freigelassen worden, nachdem die "
        "Anklagen gegen sie fallen gelassen wurden. Elvin Rahimov, ein 24-jähriger Student, "
        'befindet sich in Baku weiter in Untersuchungshaft und ist nun wegen "Drogenbesitzes" '
        "angeklagt, ein Vorwurf, den er zurückweist.",
        "take_action": [
            "Begrüßen Sie die Freilassung von Nigar Hasanova.",
            "Fordern Sie die sofortige und bedingungslose Freilassung von Elvin Rahimov, da er "
            "ein gewaltloser politischer Gefangener ist.",
            "Fordern Sie eine Untersuchung seines Vorwurfs, dass ihm die Drogen untergeschoben wurden.",
        ],
        "model_letter": "",
        "targets": [
            {
                "name": "Zakir Garalov",
                "title": "Generalstaatsanwalt",
                "postal_address": "Generalstaatsanwaltschaft\n7 Nobel Avenue\nBaku AZ1007, Aserbaidschan",
                "email": "info@genprosecutor.gov.az",
                "fax": "+994 12 492 06 04",
                "phone": "",
                "social_media": "",
                "salutation": "Sehr geehrter Herr Generalstaatsanwalt",
                "salutations": {},
                "preferred_languages": ["az", "en"],
                "role": "write_to",
            },
            {
                "name": "Botschaft der Republik Aserbaidschan",
                "title": "",
                "postal_address": "Hubertusallee 43\n14193 Berlin",
                "email": "berlin@mission.mfa.gov.az",
                "fax": "030 219 16 152",
                "phone": "",
                "social_media": "",
                "salutation": "Exzellenz",
                "salutations": {},
                "preferred_languages": [],
                "role": "copy_to",
            },
        ],
        "appeal_deadline": datetime.date(2012, 8, 11),
        "appeal_languages": ["az", "en"],
        "previous_document": "https://www.amnesty.org/en/documents/eur55/011/2012/en/",
        "background": [
            "Anklagen wegen Drogendelikten sind in Aserbaidschan wiederholt gegen Aktivist_innen "
            "und Journalist_innen erhoben worden, die die Regierung kritisieren. 2011 und 2012 "
            "wurden mindestens vier Mitglieder von Jugendbewegungen wegen Drogendelikten zu "
            "Haftstrafen verurteilt, nachdem sie an Protesten teilgenommen oder die Behörden im "
            "Internet kritisiert hatten.",
            "Die Polizei verweigert Inhaftierten in den ersten Tagen ihrer Haft, wenn die Gefahr "
            "von Folter und anderen Misshandlungen am größten ist, regelmäßig den Zugang zu einem "
            "Rechtsbeistand ihrer Wahl.",
        ],
        "missing": ["model_letter"],
        "number": "168/12-1",
    },
}
