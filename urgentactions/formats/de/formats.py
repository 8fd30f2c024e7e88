# As the section's site writes them: "20. Februar 2019", "04.03.2019".
DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "d.m.Y"
MONTH_DAY_FORMAT = "j. F"
YEAR_MONTH_FORMAT = "F Y"
# The admin writes dates as WAGTAIL_DATE_FORMAT (04.03.2019), so every language must read it back.
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y"]
