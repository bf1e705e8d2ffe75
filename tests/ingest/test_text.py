"""Plain-text cleaning: boilerplate in several languages, metadata lines, content kept."""

from factionmap.ingest import clean_text, read_text_article

ENGLISH = """Home | World | Africa | Opinion
Desert Lions pledge allegiance to the Eastern Caliphate
By Jonas Merrow, Horn Ledger
Published: 14 March 2023
The Desert Lions said on Tuesday that they had pledged allegiance to the Eastern Caliphate.
Photo: Reuters
Fighters of the group paraded through the town of Kessa. Source: Telegram
Will the pledge change the balance of power in the region?
"We are one army now," a commander of the Desert Lions told reporters.
The Coastal Front condemned the move and said it would resist any expansion of the group.
Read more: Coastal Front fighters clash with army near port
Subscribe to our newsletter
Get the latest news delivered to your inbox every morning. Sign up now!
Share this:
Leave a Reply
Your email address will not be published. Required fields are marked *
Jonas Merrow is a freelance journalist. His work has appeared in several outlets.
© 2023 Horn Ledger. All rights reserved.
Tags
Sahel Conflict Jihadism
"""

SPANISH = """Los Halcones del Norte rompen con la Brigada del Río
Por María Fuentes
El grupo armado Halcones del Norte anunció su ruptura con la Brigada del Río tras meses de tensión.
Según fuentes locales, los combatientes atacaron un puesto de la brigada el lunes.
Foto: EFE
Lee también: Nuevos combates en la frontera
Continúa leyendo con una prueba gratuita de 14 días
Suscríbete a El Diario del Sur para seguir leyendo este artículo y acceder a todo el archivo.
Deja un comentario
Compartir
"""

FRENCH = """Le Front de l'Ouest revendique l'attaque contre un convoi
Par Julien Marchand
Le Front de l'Ouest a revendiqué mardi l'attaque contre un convoi militaire, selon un communiqué.
« Nous continuerons le combat », affirme le texte.
Crédit photo : AFP
Abonnez-vous pour lire la suite de cet article. Essai gratuit pendant un mois.
Nous utilisons des cookies pour améliorer votre expérience.
"""

GERMAN = """Die Bergfront greift erneut Stellungen der Armee an
Von Klaus Berger
Die Bergfront hat nach Angaben der Behörden erneut Stellungen der Armee angegriffen.
Mehrere Soldaten wurden dabei verletzt, teilte ein Sprecher mit.
Bild: dpa
Jetzt abonnieren und weiterlesen. Die ersten 30 Tage kostenlos testen.
Mehr zum Thema: Gefechte im Norden
"""

ARABIC = """جبهة الصحراء تعلن تحالفها مع كتائب الساحل
أعلنت جبهة الصحراء تحالفها مع كتائب الساحل في بيان نشر يوم الثلاثاء.
وقال متحدث باسم الجبهة إن التحالف يهدف إلى مواجهة القوات الحكومية.
المصدر: وكالات
اشترك في النشرة الإخبارية
اقرأ أيضاً: اشتباكات جديدة في الشمال
"""


def test_english_boilerplate_and_metadata() -> None:
    article = read_text_article(ENGLISH, "en-1", "en.txt")
    assert article.title == "Desert Lions pledge allegiance to the Eastern Caliphate"
    assert (article.author, article.publisher, article.published) == (
        "Jonas Merrow",
        "Horn Ledger",
        "2023-03-14",
    )
    assert article.text.split("\n") == [
        "The Desert Lions said on Tuesday that they had pledged allegiance to the Eastern Caliphate.",
        "Fighters of the group paraded through the town of Kessa.",
        "Will the pledge change the balance of power in the region?",
        '"We are one army now," a commander of the Desert Lions told reporters.',
        "The Coastal Front condemned the move and said it would resist any expansion of the group.",
    ]
    assert article.source == "en.txt"


def test_spanish_paywall_removed_and_publisher_read_from_it() -> None:
    article = read_text_article(SPANISH, "es-1")
    assert article.author == "María Fuentes"
    assert article.publisher == "El Diario del Sur"
    assert article.text.split("\n") == [
        "El grupo armado Halcones del Norte anunció su ruptura con la Brigada del Río tras meses de tensión.",
        "Según fuentes locales, los combatientes atacaron un puesto de la brigada el lunes.",
    ]


def test_french_german_arabic_prompts_removed() -> None:
    for text, kept in ((FRENCH, 2), (GERMAN, 2), (ARABIC, 2)):
        article = read_text_article(text, "x")
        lines = article.text.split("\n")
        assert len(lines) == kept, lines
        assert article.title and article.title not in article.text
    assert "« Nous continuerons le combat », affirme le texte." in read_text_article(FRENCH, "fr").text
    assert read_text_article(GERMAN, "de").author == "Klaus Berger"


def test_content_that_only_resembles_boilerplate_is_kept() -> None:
    text = (
        "By the end of 2020, the Hill Brigade had split into two rival factions.\n"
        "Al-Shabaab fighters sign up recruits in the southern villages.\n"
        "The group urged supporters to subscribe to its channel and share its newsletter.\n"
        "Contact with the Valley Front\n"
        "Who funds the River Brigade?\n"
        "The River Brigade receives weapons from a neighbouring state, officials said.\n"
        "“We will not stop,” he said\n"
    )
    body, meta = clean_text(text)
    assert body == text.strip()
    assert meta.author is None and meta.title is None


def test_trailing_block_of_short_lines_goes_but_final_sentence_stays() -> None:
    text = (
        "The Lake Alliance attacked a base near the river on Friday.\n"
        "Only time will tell!\n"
        "More in  ,\n"
        "Web Design & Hosting - Example Studio\n"
        "Source link\n"
        "Show More\n"
        "Back to top button\n"
    )
    assert clean_text(text)[0] == "The Lake Alliance attacked a base near the river on Friday.\nOnly time will tell!"


def test_credit_lines_and_caption_credits() -> None:
    text = (
        "Headline about the Delta Group and its allies\n"
        "Photo Credit: Fighters of the Delta Group gather in a square on Jan. 3, 2024. | A. Name/AP\n"
        "NurPhoto via Getty Images\n"
        "The Delta Group announced a new alliance with the Marsh Front in a video statement.\n"
        "Image: Handout\n"
        "The two groups have fought together before, according to local officials.\n"
    )
    article = read_text_article(text, "x")
    assert article.text.split("\n") == [
        "Fighters of the Delta Group gather in a square on Jan. 3, 2024.",
        "The Delta Group announced a new alliance with the Marsh Front in a video statement.",
        "The two groups have fought together before, according to local officials.",
    ]


def test_bylines_in_their_forms() -> None:
    body = "The Ridge Movement seized two villages after heavy fighting, residents said.\n"
    cases = {
        "Author: Sara Okoye, Lagos Observer\n": ("Sara Okoye", "Lagos Observer"),
        "Written By: The Desk's Editor\n": ("The Desk's Editor", None),
        "By Ahmed al-Rashid, Staff Writer\n": ("Ahmed al-Rashid", None),
        "By Ana Costa | Gazeta do Sul | 3 May 2022\n": ("Ana Costa", "Gazeta do Sul"),
    }
    for byline, (author, publisher) in cases.items():
        article = read_text_article("A headline about the Ridge Movement\n" + byline + body, "x")
        assert (article.author, article.publisher) == (author, publisher), byline
        assert article.text == body.strip()
    assert read_text_article("Some headline here\nBy Ana Costa | 3 May 2022\n" + body, "x").published == ("2022-05-03")


def test_dates_from_labelled_bare_and_dateline_lines() -> None:
    body = "The Ridge Movement seized two villages after heavy fighting, residents said.\n"
    assert read_text_article("Publicado el 8 de diciembre de 2024\n" + body, "x").published == "2024-12-08"
    assert read_text_article("December 9, 2024 10:32 AM EST\n" + body, "x").published == "2024-12-09"
    dateline = "MOGADISHU, 2 June 2023 (Agency) — " + body
    article = read_text_article(dateline, "x")
    assert article.published == "2023-06-02"
    assert article.text == dateline.strip()
    assert read_text_article(body, "x", published="March 2021").published == "2021-03"


def test_given_metadata_wins_and_title_is_not_repeated() -> None:
    text = "The Ridge Movement splits\nThe Ridge Movement split from its parent group in May, members said.\n"
    article = read_text_article(text, "a/b c", title="The Ridge Movement splits", author="Given Name")
    assert article.title == "The Ridge Movement splits"
    assert article.author == "Given Name"
    assert article.text == "The Ridge Movement split from its parent group in May, members said."
    assert article.doc_id == "a_b_c"


def test_paragraph_breaks_are_single_newlines() -> None:
    text = "First paragraph ends here, said the officer.\r\n\r\n\r\nSecond   paragraph\u00a0ends here too.\n"
    assert clean_text(text, guess_title=False)[0] == (
        "First paragraph ends here, said the officer.\nSecond paragraph ends here too."
    )


def test_related_list_in_the_middle_goes_with_its_prompt() -> None:
    text = (
        "The Sand Front and the Oasis Brigade signed a truce in the northern province last week.\n"
        "Related Articles\n"
        "Army retakes border town from rebels\n"
        "Who are the fighters of the Oasis Brigade?\n"
        "Five things to know about the truce\n"
        "The truce collapsed after two days when the Sand Front shelled a market, witnesses said.\n"
    )
    lines = clean_text(text, guess_title=False)[0].split("\n")
    assert lines == [text.split("\n")[0], text.split("\n")[5]]


def test_reader_comments_section_is_cut() -> None:
    article = [f"Paragraph {n} says the Sand Front fought the army near the river, officials said." for n in range(4)]
    comments = [
        "3 Comments",
        "The Oasis Brigade is paid by foreign spies, everyone knows it.",
        "Great article. The Sand Front will win.",
        "Leave a Reply",
    ]
    assert clean_text("\n".join(article + comments), guess_title=False)[0] == "\n".join(article)


def test_photo_by_credits() -> None:
    text = (
        "Fighters of the Sand Front patrol a road near the border. (Photo by A. Name/AFP via Getty Images)\n"
        "(Photo by B. Name/Reuters)\n"
        "The group said it had no plans to withdraw from the area, its spokesman said.\n"
    )
    assert clean_text(text, guess_title=False)[0] == (
        "Fighters of the Sand Front patrol a road near the border.\n"
        "The group said it had no plans to withdraw from the area, its spokesman said."
    )


def test_final_sentence_mentioning_a_newsletter_is_kept() -> None:
    text = (
        "The Sand Front fought the army near the river on Monday, officials said.\n"
        "The group also publishes a weekly newsletter for its supporters abroad.\n"
        "Learn more about Example Times.\n"
    )
    body, meta = clean_text(text, guess_title=False)
    assert body == "\n".join(text.split("\n")[:2])
    assert meta.publisher == "Example Times"


def test_prose_or_headings_starting_with_by_are_not_bylines() -> None:
    prose = [f"Paragraph {n}: the Sand Front fought the army near the river, officials said." for n in range(20)]
    lines = [
        "By Sunday, the Sand Front had withdrawn from the town.",
        *prose[:10],
        "By Land and Sea",
        *prose[10:],
    ]
    body, meta = clean_text("\n".join(lines), guess_title=False)
    assert meta.author is None
    assert body.split("\n") == lines


def test_header_lines_users_write_become_metadata_not_body_or_title() -> None:
    text = (
        "URL: https://www.example-news.com/africa/jnim-attack-2024\n"
        "Source: Example News\n"
        "Date: 2024-05-03\n"
        "Author: Jane Doe\n\n"
        "JNIM fighters attack army base\n\n"
        "JNIM fighters attacked an army base near Gao on Friday, the army said.\n"
    )
    article = read_text_article(text, "a")
    assert article.url == "https://www.example-news.com/africa/jnim-attack-2024"
    assert (article.publisher, article.published, article.author) == ("Example News", "2024-05-03", "Jane Doe")
    assert article.title == "JNIM fighters attack army base"
    assert "http" not in article.text and "Example News" not in article.text


def test_without_a_publisher_the_outlet_is_the_url_s_site_and_a_dateline_title_stays_a_title() -> None:
    text = (
        "URL: https://www.sahel-watch.org/jnim\n"
        "Published: 3 May 2024\n\n"
        "AFRICA/NIGERIA - On the shores of Lake Chad, fishermen fear Boko Haram\n\n"
        "Boko Haram fighters attacked fishermen near Baga on Friday.\n"
    )
    article = read_text_article(text, "b")
    assert article.publisher == "sahel-watch.org"
    assert article.title == "AFRICA/NIGERIA - On the shores of Lake Chad, fishermen fear Boko Haram"
    given = read_text_article("Headline here\n\nBody sentence one is here.", "c", url="https://news.example.org/x")
    assert given.publisher == "news.example.org" and given.url == "https://news.example.org/x"


def test_a_url_label_without_an_address_is_left_in_the_text() -> None:
    article = read_text_article("Headline here\n\nLink: see the annex below for the list of groups.\n", "d")
    assert article.url is None and "annex" in article.text
