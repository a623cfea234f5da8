"""Word lists shared by several rules (see :mod:`.text` for the phrase syntax).

Names of products and companies, and the vocabulary of each problem area. These lists
describe the domain (browsers, mail programs, Internet providers, …), not any ticket.
"""

from __future__ import annotations

from .text import Fuzzy, Lexicon

# Browsers: the names of Wikipedia's "List of web browsers" that StatCounter's browser market
# share counts (desktop and mobile), with the Russian spellings and nicknames clients use.
BROWSER = Lexicon("browser", [
    "chrome", "хром", "хроме", "гугл хром", "google chrome", "chromium", "хромиум",
    "firefox", "фаерфокс", "файрфокс", "мозилла", "мозилле", "mozilla", "лисе",
    "safari", "сафари", "=Edge", "эдж", "microsoft edge", "ms edge",
    "=Opera", "opera", "опера", "оперу", "опере",
    "яндекс браузер", "яндексбраузер", "браузер яндекс", "yandex browser", "browser yandex",
    "brave", "vivaldi", "вивальди", "internet explorer", "интернет эксплорер", "=IE",
    "файерфокс", "фаерфокс", "фирефокс", "мазила", "мазиле", "мозила", "мозиле", "эдже", "едж", "едже",
    "=IE11", "=IE10", "ie 11", "ie 10", "=IE9",
    "samsung internet", "tor browser", "=Tor", "duckduckgo browser", "atom browser",
    "браузер атом", "maxthon", "uc browser", "arc browser",
    # nicknames: Firefox the "fire fox" (огнелис, лиса, мозилка, FF), Internet Explorer the
    # "donkey" (ишак), Yandex Browser by its maker's name alone ("открываю в Яндексе")
    "огнелис", "огнелисе", "огнелиса", "мозилка", "мозилке", "мозилку", "=FF", "ишак", "ишаке",
    "в =яндексе", "в =Яндексе", "через =Яндекс", "яндекс браузере", "яндекс браузером", "ябраузер*",
    "эджем", "эджа", "mi browser", "miui browser", "opera gx", "chrome canary", "firefox nightly",
])

# Saying "in every browser" answers the question as well as a name does.
ALL_BROWSERS = Lexicon("all-browsers", [
    "every browser", "all browsers", "any browser", "all the browsers", "different browsers",
    "several browsers", "multiple browsers", "other browsers", "each browser", "both browsers",
    "во всех браузерах", "ни в одном браузере", "в любом браузере", "в разных браузерах",
    "в нескольких браузерах", "в других браузерах", "все браузеры", "любой браузер",
    "во всех браузерах", "всех браузерах", "разных браузерах", "других браузерах",
    "браузер любой", "браузеры любые", "браузеры все", "любом браузере", "любых браузерах",
    "независимо от браузера", "whatever browser", "no matter which browser", "any of the browsers",
    "all of the browsers", "every single browser", "browser doesn t matter", "браузер не важен",
    "all browser*", "every browser*", "any browser*", "разных браузер*", "всех браузер*",
])

# Mail programs, phone mail apps and webmail. Names after Wikipedia's "Comparison of email
# clients" and "Comparison of webmail providers" (the programs, and the webmail software a host
# installs), with the Russian spellings clients use.
MAIL_CLIENT = Lexicon("mail-client", [
    "outlook", "аутлук", "оутлук", "microsoft outlook", "ms outlook", "outlook express",
    "thunderbird", "тандерберд", "тандерберд", "тандербёрд", "the bat", "зе бат", "бат",
    "apple mail", "mail app", "mail.app", "iphone mail", "ios mail", "mac mail", "macos mail",
    "windows mail", "windows live mail", "почта windows", "почта ios", "почта iphone",
    "приложение почта", "почтовое приложение", "стандартное приложение почта",
    "gmail app", "приложение gmail", "outlook app", "em client", "emclient", "mailbird",
    "=Spark", "k 9 mail", "k9 mail", "bluemail", "=Evolution", "claws mail", "sylpheed",
    "=Postbox", "opera mail", "seamonkey", "lotus notes", "mutt", "=Airmail", "kmail",
    "webmail", "web mail", "веб почта", "вебпочта", "веб интерфейс", "web interface",
    "веб морда", "вебморда", "веб морду", "вебморду", "веб морде", "вебморде",
    "почта на маке", "почте на маке", "на маке в почте", "почта mac", "почта macos", "mail on mac",
    "mail on my mac", "mail on macos", "samsung email", "samsung mail",
    "roundcube", "раундкуб", "squirrelmail", "horde", "rainloop", "snappymail", "sogo", "zimbra",
    # a webmail service used as the program: "I read it in Gmail", "через Яндекс.Почту"
    "in gmail", "via gmail", "using gmail", "through gmail", "в gmail", "через gmail", "gmail web",
    "gmail interface", "в яндекс почте", "через яндекс почту", "в почте яндекса", "через почту яндекса",
])

# A mail ticket about a login page is about webmail: the program is the webmail.
WEBMAIL_LOGIN = Lexicon("webmail-login", [
    "log in page", "login page", "login screen", "sign in page", "страниц* входа", "страниц* авторизации",
])

# The site as the sender: its CMS or shop engine, the mailer library or function its code calls,
# a form plugin, the hosting control panel's own letters, a cron job or script, and mailing
# services and CRMs that send on the client's behalf. CMS and shop engines after W3Techs' survey
# of content management systems and Wikipedia's "List of content management systems" (with the
# Russian engines of the CMS Magazine rating); control panels after Wikipedia's "Comparison of
# web hosting control panels"; form plugins and SMTP plugins after the wordpress.org plugin
# directory; mailer libraries after Packagist and npm.
SITE_MAILER = Lexicon("site-mailer", [
    # CMS and shop engines
    "wordpress", "вордпресс", "вордпресса", "woocommerce", "joomla", "джумла", "джумле", "drupal", "друпал",
    "битрикс", "1с битрикс", "bitrix", "opencart", "опенкарт", "ocstore", "modx", "модх", "tilda", "тильда",
    "wix", "umi cms", "netcat", "hostcms", "instantcms", "dle", "datalife engine", "magento",
    "prestashop", "shopify", "cs cart", "insales", "shop script", "webasyst", "ucoz", "юкоз", "nethouse",
    "craftum", "ecwid", "virtuemart", "typo3", "concrete5", "=Ghost", "phpbb", "vbulletin", "xenforo",
    "mybb", "mediawiki", "moodle", "nextcloud", "redmine", "cms", "цмс", "движок", "движка", "движке",
    # web frameworks and their mailers
    "laravel", "symfony", "django", "ruby on rails", "yii", "codeigniter", "cakephp", "flask",
    # mailer libraries and functions
    "phpmailer", "php mailer", "swiftmailer", "swift mailer", "symfony mailer", "nodemailer", "wp mail",
    "php mail", "mail function", "функци* mail", "sendmail",
    # form and SMTP plugins, forms
    "contact form 7", "wpforms", "gravity forms", "ninja forms", "formidable forms", "elementor",
    "wp mail smtp", "post smtp", "easy wp smtp", "fluent smtp", "форм* обратн* связ*", "форм* заявк*",
    "форм* заказ*", "форм* на сайте", "форм* с сайта", "форм* сайта", "contact form", "feedback form",
    "web form", "order form", "enquiry form", "inquiry form", "booking form", "contact forms",
    # hosting control panels
    "cpanel", "plesk", "ispmanager", "isp manager", "vestacp", "=Vesta", "=Веста", "=Весты", "=Весте", "=Весту",
    "=Вестой", "hestiacp", "hestia",
    "directadmin", "webmin", "ispconfig", "cyberpanel", "aapanel", "fastpanel", "brainycp",
    # scheduled scripts, and the site's plugins and modules
    "cron", "crontab", "крон", "cron job", "скрипт*", "script", "scripts", "plugin", "plugins", "плагин*",
    "модул* сайта", "модул* на сайт*",
    # mailing services and CRMs that send on the client's behalf
    "unisender", "sendpulse", "mailchimp", "sendgrid", "mailgun", "amocrm", "битрикс24", "bitrix24",
])

# Generic "mail app" words: they name the program only together with a phone word.
MAIL_APP_GENERIC = Lexicon("mail-app-generic", [
    "почтовое приложение", "почтовый клиент", "приложение почта", "mail app", "mail client",
    "email app", "mail application", "стандартное приложение", "стандартная почта",
    "встроенная почта", "встроенное приложение", "built in mail", "default mail app", "native mail app",
])
PHONE = Lexicon("phone", [
    "iphone", "айфон", "айфоне", "android", "андроид", "телефон", "смартфон", "phone",
    "smartphone", "ipad", "айпад", "samsung", "xiaomi", "huawei", "pixel",
])

# A phone or tablet named by its make or system: its own mail app is the program.
# Phone and tablet makers (after GSMArena's list of brands) and their systems.
PHONE_MAKE = Lexicon("phone-make", [
    "iphone", "айфон", "айфоне", "айфона", "айфоном", "ipad", "айпад", "айпаде", "айпада", "ios",
    "android", "андроид", "андроиде", "андроида", "андройд", "андройде", "samsung", "самсунг", "самсунге",
    "xiaomi", "сяоми", "ксиаоми", "huawei", "хуавей", "honor", "хонор", "pixel", "redmi", "редми",
])

CMS = Lexicon("program", [
    "wordpress", "вордпресс", "joomla", "джумла", "drupal", "битрикс", "bitrix", "opencart",
    "modx", "tilda", "тильда", "wix", "woocommerce", "phpmyadmin", "filezilla", "winscp",
    "total commander", "cpanel", "ispmanager", "plesk", "laravel", "django", "1с", "1c", "putty",
    "cyberduck",
    "contact form 7", "плагин", "plugin", "модуль", "module", "тема", "theme",
])

DEVICE = Lexicon("device", [
    "телефон*", "смартфон*", "мобильн*", "ноутбук*", "компьютер*", "планшет*", "пк",
    "phone", "mobile", "laptop", "desktop", "tablet", "iphone", "айфон*", "android", "computer",
    "computers",
    "андроид*", "wi fi", "wifi", "вайфай", "pc", "mac", "macbook", "windows", "macos",
    "linux", "ubuntu",
])

# Who provides Internet access: Russian, CIS and international providers and mobile operators.
# Russian home-broadband providers after TMT Consulting's ranking of the largest ones; mobile
# operators after the operators the Russian numbering plan register (Rossvyaz) assigns codes to,
# and GSMA's list of operators for the CIS; international ones after Wikipedia's "List of
# Internet service providers" by country. With nicknames and derived words ("Ростел",
# "билайновский", "МТСный").
ISP = Lexicon("isp", [
    "ростелеком", "rostelecom", "мтс", "=MTS", "билайн", "beeline", "мегафон", "megafon",
    "теле2", "tele2", "=T2", "йота", "=Yota", "ттк", "=TTK", "транстелеком", "дом ру", "=Dom =ru",
    "домру", "эр телеком", "ertelecom", "уфанет", "ufanet", "акадо", "akado", "netbynet",
    "нетбайнет", "мгтс", "=MGTS", "онлайм", "=OnLime", "мотив", "летай", "таттелеком",
    "башинформсвязь", "укртелеком", "киевстар", "kyivstar", "lifecell", "белтелеком",
    "byfly", "казахтелеком", "kcell", "=Kazakhtelecom", "сибирские сети", "интерсвязь",
    "=Starlink", "starlink", "comcast", "xfinity", "verizon", "=AT =T", "=Spectrum", "=Cox",
    "centurylink", "=Frontier", "=Optimum", "t mobile", "vodafone", "=O2", "=BT",
    "virgin media", "=Orange", "deutsche telekom", "=Telekom", "talktalk", "telia", "telenor",
    "swisscom", "=Proximus", "=KPN", "ziggo", "movistar", "telefonica", "=SFR", "bouygues",
    "rogers", "telus", "=Shaw", "=Optus", "telstra", "=Jio", "airtel", "=Claro", "=EE",
    "=Sky broadband", "=Plusnet", "=Hyperoptic", "=Windstream", "=Mediacom", "=RCN",
    "=Astound", "=Sonic", "=Google =Fiber", "=Cogeco", "=Videotron", "=Bell",
    # nicknames and derived words
    "ростел", "ростела", "ростелу", "ростелов*", "ростелеком*", "билайнов*", "мтсн*", "мтсов*", "мегафонов*", "домрушн*",
    "=РТК", "=ЭР-Телеком", "=Ютел", "ютел", "планета", "обит", "=Obit", "скайнет", "=SkyNet", "ситилинк",
    "=Citylink", "=Virgin", "=Charter", "charter spectrum", "=Sky", "=A1", "uztelecom", "узтелеком", "ucell",
    "uzmobile", "beeline uz", "ucom", "=Altel", "=Activ",
])

# --------------------------------------------------------------------------- problem areas
# Used to tell unrelated questions apart (one-question) and to infer a ticket's type.

TOPIC_MAIL = Lexicon("t:mail", [
    "почт*", "письм*", "писем", "ящик*", "email", "emails", "e mail", "mail", "mails",
    "mailbox", "inbox", "outbox", "smtp", "imap", "pop3", "рассылк*", "outlook", "аутлук*",
    "thunderbird", "the bat", "roundcube", "webmail", "bounce*", "входящ*", "исходящ*",
    "спам*", "spam", "newsletter",
])
TOPIC_SITE = Lexicon("t:site", [
    "сайт*", "site", "sites", "website", "websites", "страниц*", "page", "pages", "браузер*",
    "browser", "админк*", "wp admin", "homepage", "url", "открыва*", "загруж*", "груз*",
    "load", "loading", "loads", "redirect*", "редирект*", "bad gateway", "gateway",
    "internal server error", "forbidden", "хром*", "chrome", "firefox", "safari",
])
TOPIC_DOMAIN = Lexicon("t:domain", [
    "transfer*", "перенос*", "перенест*", "перенес*", "трансфер*", "регистратор*", "registrar*",
    "authinfo", "auth code", "authcode", "epp", "код авторизации", "код переноса",
    "whois", "делегирован*", "delegat*",
])
TOPIC_BILLING = Lexicon("t:billing", [
    "оплат*", "оплач*", "платеж*", "платёж*", "плат*", "invoice*", "billing",
    "bill", "payment*", "pay", "paid", "paying", "refund*", "возврат", "списан*", "списал*",
    "деньг*", "счет на оплату", "счета на оплату", "закрывающ*", "расчетн*", "расчётн*",
    "продлени*", "продлит*", "продлев*", "продли*", "renew*",
    "подписк*", "баланс*", "balance", "руб", "рублей",
    "price", "prices", "pricing", "cost", "costs", "стоимост*", "цена", "сколько стоит",
])
# A change of hosting plan is its own request: it is not part of an SSL, mail or site problem.
TOPIC_PLAN = Lexicon("t:plan", [
    "тариф*", "plan", "plans", "tariff*", "upgrade", "downgrade", "subscription",
])
TOPIC_SSL = Lexicon("t:ssl", [
    "ssl", "tls", "сертификат*", "certificat*", "https", "let s encrypt", "letsencrypt",
])
TOPIC_DNS = Lexicon("t:dns", [
    "dns", "днс", "mx", "txt", "cname", "nameserver*", "ns сервер*", "spf", "dkim", "dmarc",
    "a запис*", "записи", "records", "record",
])
TOPIC_DB = Lexicon("t:db", [
    "phpmyadmin", "mysql", "mariadb", "postgres*", "база данных", "базы данных", "базе данных",
    "базу данных", "баз данных", "database*", "sql", "дамп*", "dump", "бд", "пароль от базы",
])
TOPIC_FTP = Lexicon("t:ftp", ["ftp", "sftp", "filezilla", "winscp"])
TOPIC_ACCOUNT = Lexicon("t:account", [
    "владел*", "owner*", "переоформ*", "контактн* адрес*", "контактн* email", "контактн* e mail",
    "contact email", "contact address", "contact e mail", "паспорт*", "passport",
])

TOPICS = ("mail", "site", "domain", "billing", "plan", "ssl", "dns", "db", "ftp", "account")

# Product names matched with one typo (see text.Fuzzy).
BROWSER_TYPO = Fuzzy(["chrome", "firefox", "safari", "opera", "vivaldi", "chromium", "mozilla",
                      "explorer", "фаерфокс", "файрфокс", "мозилла", "сафари", "хромом", "браузер яндекс"])
MAIL_CLIENT_TYPO = Fuzzy(["outlook", "thunderbird", "аутлук", "аутлуке", "тандерберд", "roundcube",
                          "webmail", "mailbird"])
SITE_MAILER_TYPO = Fuzzy(["wordpress", "вордпресс", "bitrix", "битрикс", "joomla", "phpmailer"])
ISP_TYPO = Fuzzy(["ростелеком", "ростелекома", "билайн", "билайна", "мегафон", "мегафона", "comcast",
                  "verizon", "vodafone", "starlink", "xfinity", "rostelecom", "beeline", "megafon"])

# --------------------------------------------------------------------------- error messages
# The words of well-known error messages: when a text holds them, it gives the error's text,
# quoted or not, with or without a number ("Bad Gateway 502", "выдаёт эту ошибку Не удаётся
# установить соединение с сайтом"). Sources: the reason phrases of the IANA HTTP Status Code
# Registry (and the common older spellings of nginx and Apache); Cloudflare's 5xx error pages;
# the error pages of Chromium (Chrome, Yandex Browser, Edge, Opera), Firefox and Safari in
# English and Russian; the wording of common SMTP/IMAP server replies and mail programs.
ERROR_MESSAGE = Lexicon("error-message", [
    # HTTP reason phrases (IANA registry)
    "bad request", "unauthorized", "payment required", "forbidden", "not found", "method not allowed",
    "not acceptable", "proxy authentication required", "request timeout", "request time out",
    "length required", "precondition failed", "payload too large", "request entity too large",
    "uri too long", "request uri too long", "unsupported media type", "too many requests",
    "request header fields too large", "unavailable for legal reasons", "internal server error",
    "not implemented", "bad gateway", "service unavailable", "service temporarily unavailable",
    "gateway timeout", "gateway time out", "http version not supported", "insufficient storage",
    "network authentication required",
    # Cloudflare
    "web server is down", "web server is returning an unknown error", "origin is unreachable",
    "a timeout occurred", "ssl handshake failed", "invalid ssl certificate",
    # Chromium, English and Russian
    "this site can t be reached", "this site can t provide a secure connection",
    "your connection is not private", "refused to connect", "took too long to respond",
    "unexpectedly closed the connection", "ip address could not be found",
    "redirected you too many times", "this page isn t working", "unable to handle this request",
    "didn t send any data", "sent an invalid response", "connection was reset", "connection was closed",
    "соединение сброшено", "соединение было сброшено", "соединение было прервано", "соединение прервано",
    "превышено время ожидания", "сайт не позволяет установить соединение", "подключение не защищено",
    "выполнена переадресация слишком много раз", "слишком много перенаправлений",
    "отправил недействительный ответ", "страница не работает",
    # Firefox, English and Russian
    "unable to connect", "server not found", "having trouble finding that site",
    "secure connection failed", "potential security risk ahead", "connection has timed out",
    "page isn t redirecting properly", "did not connect potential security issue", "сервер не найден",
    "ошибка при установлении защищенного соединения", "время ожидания истекло",
    "страница перенаправляется некорректно", "вероятная угроза безопасности",
    # Safari and Edge
    "can t open the page", "can t establish a secure connection", "can t find the server",
    "we can t reach this page",
    # mail servers and programs
    "relay access denied", "relaying denied", "user unknown", "mailbox unavailable", "mailbox full",
    "quota exceeded", "over quota", "authentication failed", "authentication required", "login failed",
    "connection refused", "connection timed out", "could not connect to smtp host",
    "could not instantiate mail function", "smtp connect failed", "failed to connect to server",
    "sender address rejected", "recipient address rejected", "message rejected", "access denied",
    "invalid credentials", "password not accepted", "too many connections", "host not found",
    "name or service not known", "no route to host", "connection reset by peer",
    "certificate has expired", "self signed certificate", "handshake failed", "permission denied",
    "could not authenticate", "temporarily deferred", "undelivered mail returned to sender",
    "mail delivery failed", "delivery status notification", "message not delivered", "ящик переполнен", "превышена квота", "неверный логин или пароль",
    "неверное имя пользователя или пароль", "ошибка авторизации", "ошибка аутентификации",
    "сервер не отвечает", "соединение с сервером было прервано", "отказано в доступе", "доступ запрещен", "страница не найдена",
    "файл не найден", "внутренняя ошибка сервера", "сервис недоступен", "сервис временно недоступен",
    "пользователь не найден", "error establishing a database connection",
])
# Messages that begin with "не" ("Не удаётся получить доступ к сайту"), written without it: a
# lexicon keyed by "не" would try every one of them at every "не" of a text. A hit counts only
# right after "не" (error_text.message_spans checks it and takes "не" into the span).
ERROR_MESSAGE_NEG = Lexicon("error-message-neg", [
    "удается получить доступ к сайту", "удается установить соединение с сайтом",
    "удалось соединиться с сайтом", "удается открыть эту страницу", "удается получить доступ к этой странице",
    "может обеспечить безопасное соединение", "удалось найти ip адрес сервера", "отправил данных",
    "удается соединиться", "удается открыть страницу", "удается найти сервер",
    "удается установить безопасное соединение", "удалось доставить", "удается подключиться к серверу",
])

# --------------------------------------------------------------------------- canonical names
# What a recognised mention stands for, as the wizard's choices name it: the first name whose
# beginnings one of the mention's words (lower-cased, after "в"/"через"/"in") starts with.
# Mentions that match none keep their own words.
BROWSER_NAMES = (
    ("Chromium", ("chromium", "хромиум")),
    ("Google Chrome", ("google chrome", "гугл хром", "chrome", "хром")),
    ("Mozilla Firefox", ("firefox", "фаерфокс", "файрфокс", "файерфокс", "фирефокс", "mozilla", "мозил", "мазил",
                         "лис", "огнелис", "ff")),
    ("Yandex Browser", ("яндекс", "yandex", "browser yandex", "браузер яндекс")),
    ("Safari", ("safari", "сафари")),
    ("Microsoft Edge", ("microsoft edge", "ms edge", "edge", "эдж", "едж")),
    ("Opera", ("opera", "опер")),
    ("Internet Explorer", ("internet explorer", "интернет эксплорер", "ie", "ишак", "explorer")),
)
MAIL_CLIENT_NAMES = (
    ("Microsoft Outlook", ("microsoft outlook", "ms outlook", "outlook", "аутлук", "оутлук")),
    ("Mozilla Thunderbird", ("thunderbird", "тандерб")),
    ("The Bat!", ("the bat", "зе бат", "бат")),
    ("Apple Mail", ("apple mail", "mail.app", "mac mail", "macos mail", "почта на маке", "почте на маке",
                    "на маке в почте", "почта mac", "mail on mac")),
    ("phone", ("iphone mail", "ios mail", "почта ios", "почта iphone", "приложение почта", "почтовое приложение",
               "стандартное приложение", "samsung", "gmail app", "приложение gmail", "mail app", "phone",
               "iphone", "айфон", "ipad", "айпад", "android", "андроид", "андройд", "xiaomi", "сяоми", "ксиаоми",
               "huawei", "хуавей", "honor", "хонор", "pixel", "redmi", "редми", "самсунг")),
    ("webmail", ("webmail", "web mail", "веб почт", "вебпочт", "веб интерфейс", "web interface", "веб морд",
                 "вебморд", "log in page", "login page", "login screen", "sign in page", "страниц")),
)
