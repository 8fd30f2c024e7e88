# British-style dates for the English interface: "20 February 2019", "04/03/2019".
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
# The admin writes dates as WAGTAIL_DATE_FORMAT (04.03.2019), so every language must read it back;
# then British day-first dates. (ISO dates are always read too.)
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%y"]
