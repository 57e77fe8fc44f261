"""The vocabulary of the demo world: languages, games, bots, login words, descriptions.

Data only (and one helper to split word lists), shared by the generators: ``world.py`` (the import CSVs)
and ``samples.py`` (the sample windows).
"""

from collections.abc import Mapping

# Twitch user ids grow with account age; anchors read off well-known accounts, by creation year.
USER_ID_ANCHORS: tuple[tuple[str, float], ...] = (
    ("2007-05-22", 1e4),
    ("2010-01-01", 5e6),
    ("2011-06-01", 2e7),
    ("2013-06-01", 4.4e7),
    ("2015-06-01", 9.2e7),
    ("2017-09-01", 1.76e8),
    ("2019-09-01", 4.5e8),
    ("2021-02-01", 6.4e8),
    ("2022-06-01", 8.0e8),
    ("2024-06-01", 1.05e9),
    ("2025-06-01", 1.2e9),
)

# Stream languages by share of live channels, Twitch-like (ISO 639-1).
LANGUAGES: tuple[tuple[str, float], ...] = (
    ("en", 40.0), ("es", 10.0), ("pt", 7.0), ("de", 6.5), ("ko", 5.5), ("fr", 5.0), ("ja", 4.5),
    ("ru", 4.5), ("it", 2.5), ("pl", 2.0), ("tr", 1.8), ("zh", 1.5), ("th", 1.0), ("nl", 0.8),
    ("uk", 0.8), ("ar", 0.6), ("sv", 0.5), ("cs", 0.5), ("hu", 0.4), ("vi", 0.4), ("fi", 0.3),
    ("id", 0.3), ("da", 0.2), ("no", 0.2), ("el", 0.2), ("ro", 0.2),
)  # fmt: skip
LANG_CODES = tuple(code for code, _ in LANGUAGES)

# Game clusters are the second half of a community: an FPS chatter drifts to other shooters, not to ASMR.
CLUSTERS = ("irl", "moba", "shooter", "sandbox", "rpg", "strategy", "sports", "indie", "other")
IRL = 0
# (name, weight, cluster): weights roughly follow Twitch's channel counts per category, a long tail.
GAMES: tuple[tuple[str, float, str], ...] = (
    ("Just Chatting", 100, "irl"), ("League of Legends", 38, "moba"),
    ("Grand Theft Auto V", 36, "sandbox"), ("Valorant", 30, "shooter"), ("Counter-Strike", 28, "shooter"),
    ("Minecraft", 24, "sandbox"), ("Fortnite", 24, "shooter"), ("Call of Duty: Warzone", 14, "shooter"),
    ("Apex Legends", 14, "shooter"), ("World of Warcraft", 12, "rpg"), ("Dota 2", 12, "moba"),
    ("Overwatch 2", 10, "shooter"), ("EA Sports FC 25", 10, "sports"), ("Marvel Rivals", 9, "shooter"),
    ("Dead by Daylight", 8, "indie"), ("Rust", 8, "sandbox"), ("Music", 8, "irl"),
    ("Escape from Tarkov", 7, "shooter"), ("Tom Clancy's Rainbow Six Siege", 7, "shooter"),
    ("Teamfight Tactics", 7, "strategy"), ("Hearthstone", 6, "strategy"), ("Elden Ring", 6, "rpg"),
    ("Path of Exile 2", 6, "rpg"), ("Roblox", 6, "sandbox"), ("Art", 6, "irl"),
    ("Rocket League", 6, "sports"), ("Slots", 5, "other"), ("Final Fantasy XIV Online", 5, "rpg"),
    ("Lost Ark", 4, "rpg"), ("ASMR", 4, "irl"), ("Talk Shows & Podcasts", 4, "irl"),
    ("Genshin Impact", 4, "rpg"), ("PUBG: BATTLEGROUNDS", 4, "shooter"),
    ("Call of Duty: Black Ops 6", 4, "shooter"), ("Chess", 3, "strategy"), ("Sports", 3, "sports"),
    ("Pokémon Scarlet and Violet", 3, "rpg"), ("Baldur's Gate 3", 3, "rpg"),
    ("Street Fighter 6", 3, "sports"), ("Old School RuneScape", 3, "rpg"), ("Phasmophobia", 3, "indie"),
    ("Destiny 2", 3, "shooter"), ("Warhammer 40,000: Space Marine 2", 2, "shooter"),
    ("Tekken 8", 2, "sports"), ("NBA 2K25", 2, "sports"), ("StarCraft II", 2, "strategy"),
    ("Age of Empires II", 2, "strategy"), ("Honkai: Star Rail", 2, "rpg"), ("MapleStory", 2, "rpg"),
    ("Lethal Company", 2, "indie"), ("Stardew Valley", 2, "indie"), ("The Sims 4", 2, "sandbox"),
    ("Sea of Thieves", 2, "sandbox"), ("Red Dead Redemption 2", 2, "sandbox"),
    ("Hunt: Showdown 1896", 2, "shooter"), ("World of Tanks", 2, "shooter"), ("Diablo IV", 2, "rpg"),
    ("Monster Hunter Wilds", 2, "rpg"), ("Garena Free Fire", 2, "shooter"), ("Retro", 2, "other"),
    ("Games + Demos", 2, "other"), ("Special Events", 1, "irl"),
    ("Software and Game Development", 1, "irl"), ("Among Us", 1, "indie"), ("Fall Guys", 1, "indie"),
    ("Terraria", 1, "sandbox"), ("Palworld", 1, "sandbox"), ("Deadlock", 1, "moba"), ("Smite 2", 1, "moba"),
    ("Mobile Legends: Bang Bang", 1, "moba"), ("Super Mario 64", 1, "other"),
    ("The Legend of Zelda: Tears of the Kingdom", 1, "other"), ("Cyberpunk 2077", 1, "rpg"),
    ("Dark Souls III", 1, "rpg"), ("Black Desert", 1, "rpg"), ("Brawl Stars", 1, "other"),
    ("Clash Royale", 1, "strategy"), ("Poker", 1, "strategy"), ("Virtual Casino", 1, "other"),
    ("Euro Truck Simulator 2", 1, "sandbox"), ("Factorio", 1, "strategy"),
    ("Microsoft Flight Simulator", 1, "sandbox"), ("Satisfactory", 1, "sandbox"), ("osu!", 1, "other"),
    ("GeoGuessr", 1, "indie"), ("Balatro", 1, "indie"), ("Hollow Knight", 1, "indie"),
    ("Enshrouded", 1, "sandbox"),
)  # fmt: skip
# Regional favourites, as multipliers of a game's global weight.
GAME_BOOSTS: Mapping[str, Mapping[str, float]] = {
    "ko": {"League of Legends": 2.5, "StarCraft II": 12, "MapleStory": 8, "Lost Ark": 6, "Black Desert": 4},
    "ja": {"Apex Legends": 4, "Street Fighter 6": 6, "Monster Hunter Wilds": 5,
           "Pokémon Scarlet and Violet": 4, "Final Fantasy XIV Online": 3},
    "zh": {"League of Legends": 3, "Dota 2": 2, "Genshin Impact": 3, "Honkai: Star Rail": 3},
    "ru": {"Dota 2": 5, "Counter-Strike": 3, "World of Tanks": 8, "Escape from Tarkov": 2, "Rust": 2},
    "uk": {"Dota 2": 3, "Counter-Strike": 3, "World of Tanks": 4},
    "pt": {"Counter-Strike": 2, "Garena Free Fire": 8, "EA Sports FC 25": 2, "League of Legends": 1.5},
    "es": {"Garena Free Fire": 2, "Mobile Legends: Bang Bang": 3, "EA Sports FC 25": 2, "Minecraft": 1.5},
    "de": {"EA Sports FC 25": 2, "Euro Truck Simulator 2": 4, "Fortnite": 1.5},
    "fr": {"League of Legends": 2, "Teamfight Tactics": 3, "Rocket League": 2},
    "pl": {"Counter-Strike": 3, "World of Tanks": 2, "Euro Truck Simulator 2": 3},
    "tr": {"Valorant": 2.5, "Counter-Strike": 2.5, "PUBG: BATTLEGROUNDS": 2},
    "th": {"Garena Free Fire": 4, "Mobile Legends: Bang Bang": 5, "Valorant": 2},
    "vi": {"Mobile Legends: Bang Bang": 8, "Garena Free Fire": 4},
    "id": {"Mobile Legends: Bang Bang": 8, "Garena Free Fire": 4},
}  # fmt: skip

# Chat bots: (login, share of channels it moderates, per-language overrides).
BOTS: tuple[tuple[str, float, Mapping[str, float]], ...] = (
    ("streamelements", 0.35, {}),
    ("nightbot", 0.30, {}),
    ("fossabot", 0.12, {}),
    ("streamlabs", 0.08, {}),
    ("soundalerts", 0.07, {}),
    ("moobot", 0.06, {}),
    ("sery_bot", 0.05, {}),
    ("kofistreambot", 0.03, {}),
    ("wizebot", 0.02, {"fr": 0.25}),
    ("botrixoficial", 0.01, {"es": 0.25, "pt": 0.2}),
    ("ssakdook", 0.0, {"ko": 0.45}),
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Login vocabulary: gamer words everyone uses, plus romanised local words for each language.
LOGIN_WORDS = _words(
    "shadow dark night pixel storm wolf fox dragon ninja ghost frost fire ice king queen lord lady master "
    "sniper gamer player noob pro lucky crazy silent happy salty spicy sleepy cosmic lunar solar neon "
    "retro cyber turbo mega ultra hyper captain doctor mister little big tiny mad wild lazy red blue "
    "green black white golden silver iron steel stone blade sword arrow rocket star moon sun sky cloud "
    "rain thunder bear tiger lion panda cat dog owl hawk raven snake shark potato taco pizza cookie "
    "muffin noodle pickle waffle bean toast coffee tea chill vibe zen chaos glitch byte code hack loot "
    "raid quest mage knight rogue bard monk hunter tank healer carry jungle clutch frag aim peek rush "
    "yolo gg ez kappa omega alpha sigma nova echo zero ace jay max sam alex leo mia zoe kai finn jack "
    "luna nico"
)
LOCAL_LOGIN_WORDS: Mapping[str, tuple[str, ...]] = {
    "es": _words("el la gato perro loco rey chico chica fuego sombra lobo guerrero mago jefe pana crack "
                 "manco tio pollo queso sol luna noche"),
    "pt": _words("o mano gato lobo rei menino menina brabo jogador sombra fogo noite bolado monstro "
                 "careca tio feijao pastel coxinha sol lua"),
    "de": _words("der die kaiser wolf fuchs ritter schatten nacht feuer spieler meister held onkel opa "
                 "kartoffel brezel hund katze blitz sturm"),
    "fr": _words("le la chat loup roi chevalier ombre nuit feu joueur maitre tonton papi croissant "
                 "fromage baguette lapin renard tempete"),
    "ko": _words("oppa hyung unni noona daebak jjang hangang kimchi bap tteok hodu byeol dal ggum "
                 "haneul mimi sori"),
    "ja": _words("chan kun sama neko kitsune yuki sakura hana sora tsuki hoshi ninja samurai ramen "
                 "sushi onigiri kawaii senpai"),
    "ru": _words("vanya sasha dima lyoha misha pasha kotik volk medved bratan pelmen borsch zloy dobriy "
                 "temniy shturm igrok"),
    "uk": _words("kozak sirko bandura vareniki borsch taras oksana mykola igrok"),
    "it": _words("il lo gatto lupo re cavaliere ombra notte fuoco giocatore pasta zio nonno mago"),
    "pl": _words("pan kot wilk krol rycerz cien noc ogien gracz mistrz pierogi kurczak wujek dziadek"),
    "tr": _words("kurt aslan kral sovalye golge gece ates oyuncu usta abi kanka efsane kaplan"),
    "zh": _words("xiao da long hu mao yu tian xing yue yun feng lao bai hei ge jie shen wang li zhang"),
}  # fmt: skip
# Shares of the login patterns of _login_style (WordWord, Word_Word, Word123, ...).
LOGIN_STYLE_WEIGHTS = (0.25, 0.12, 0.2, 0.12, 0.1, 0.1, 0.11)
LOCAL_WORD_SHARE = 0.4
LOGIN_SUFFIXES = ("tv", "ttv", "_tv", "live", "gaming", "plays", "_yt", "official")
LOGIN_PREFIXES = ("the", "its", "im", "mr", "xx", "real", "not")

# Localised display names (Twitch allows them): (share of the language's streamers, parts, fewest and
# most parts per name).
LOCAL_DISPLAY_NAMES: Mapping[str, tuple[float, tuple[str, ...], int, int]] = {
    "ko": (0.65, _words("민 지 수 현 우 준 서 하 윤 은 진 영 호 성 연 아 유 리 "
                        "나 다 별 달 빛 꿈 왕 짱 킹 님"), 2, 4),
    "ja": (0.5, _words("ゆう さくら たけ ねこ みか りん ひな そら はる あお ゲーム 実況 ちゃん くん 太郎 侍 "
                       "忍者 狐 月 星 雪"), 1, 3),
    "zh": (0.55, _words("小 大 王 李 张 龙 虎 猫 鱼 天 星 月 云 风 老 白 黑 哥 姐 神"), 2, 4),
    "ru": (0.2, _words("Тёмный Рыцарь Шторм Волк Медведь Кот Злой Добрый Паша Саня Дима Лёха Игрок "
                       "Барон"), 1, 2),
    "uk": (0.15, _words("Козак Сірко Вовк Оксана Гравець Лицар Їжак"), 1, 2),
}  # fmt: skip

# Channel descriptions, a few sentences in the channel's language (English as the fallback). Quotes,
# commas and the occasional newline are what RFC 4180 quoting has to carry.
DESCRIPTION_EMPTY_SHARE = 0.15
DESCRIPTION_NEWLINE_SHARE = 0.15
DESCRIPTIONS: Mapping[str, tuple[str, ...]] = {
    "en": (
        "Variety streamer, mostly {game}.",
        "Streaming {game} every day, come hang out!",
        "Hi, I'm {name}! I play games, talk to chat and drink way too much coffee.",
        "Business inquiries: {login}@gmail.com",
        "Partnered streamer. Chill vibes, no backseating, please.",
        '"Just one more game" - me, every night',
        "Former pro, now full-time streamer.",
        "Welcome to the {name} community, where everyone is welcome.",
        "Schedule: Mon, Wed, Fri at 7pm EST",
        "Speedrunner, dad, and professional button masher.",
        'Be kind, have fun, and remember to "hydrate"!',
    ),
    "es": ("¡Bienvenidos al canal de {name}!", "Directos de {game} todos los días.",
           "Contacto: {login}@gmail.com", 'Streamer de Buenos Aires, "el más manco" del server.'),
    "pt": ("Bem-vindos à live!", "Jogando {game} todo dia, sem desculpas.",
           "Contato comercial: {login}@gmail.com", 'Streamer brasileiro, "o brabo" do {game}.'),
    "de": ("Willkommen im Stream von {name}!", "Täglich {game}, ab 18 Uhr.",
           "Geschäftliche Anfragen: {login}@gmx.de", '"Nur noch eine Runde", sagte er.'),
    "fr": ("Bienvenue sur la chaîne de {name} !", "Live {game} tous les soirs, venez discuter.",
           "Contact pro : {login}@gmail.com"),
    "ko": ("안녕하세요! {name}입니다.", "{game} 방송합니다, 매일 저녁 8시.", "문의: {login}@naver.com"),
    "ja": ("{name}のチャンネルへようこそ!", "毎日{game}を配信中、よろしくお願いします。",
           "お仕事の依頼: {login}@gmail.com"),
    "ru": ("Всем привет! Это канал {name}.", "Стримы по {game} каждый день, заходите!",
           "По вопросам рекламы: {login}@mail.ru"),
    "it": ("Benvenuti nel canale di {name}!", "Live di {game} ogni sera."),
    "pl": ("Witam na kanale {name}!", "Streamy {game} codziennie od 18:00."),
    "tr": ("{name} kanalına hoş geldiniz!", "Her gün {game} yayını, bekleriz."),  # noqa: RUF001 (Turkish dotless i)
    "zh": ("欢迎来到{name}的直播间!", "每天直播{game}, 记得关注。"),
}  # fmt: skip
THUMBNAIL_URL = "https://static-cdn.jtvnw.net/previews-ttv/live_user_{login}-{{width}}x{{height}}.jpg"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
