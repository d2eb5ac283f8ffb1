"""The languages people name: a circle's language (`matching.needs`) and the taxonomy's language skills."""
from __future__ import annotations

from collections.abc import Mapping

# Ways of writing a language → its English name; autonyms included because people announce
# "en español" rather than "in Spanish". Matching folds case and accents ("espanol" works too).
LANGUAGE_ALIASES: Mapping[str, str] = {
    "English": "English", "inglés": "English", "anglais": "English", "Kiingereza": "English",
    "Spanish": "Spanish", "español": "Spanish", "castellano": "Spanish", "espagnol": "Spanish",
    "French": "French", "français": "French", "francés": "French", "Kifaransa": "French",
    "Portuguese": "Portuguese", "português": "Portuguese",
    "Swahili": "Swahili", "Kiswahili": "Swahili",
    "Arabic": "Arabic", "árabe": "Arabic", "العربية": "Arabic",
    "German": "German", "Deutsch": "German", "allemand": "German",
    "Italian": "Italian", "italiano": "Italian",
    "Dutch": "Dutch", "Nederlands": "Dutch",
    "Russian": "Russian", "русский": "Russian",
    "Ukrainian": "Ukrainian", "українська": "Ukrainian",
    "Polish": "Polish", "polski": "Polish",
    "Turkish": "Turkish", "Türkçe": "Turkish",
    "Hindi": "Hindi", "Bengali": "Bengali", "Bangla": "Bengali", "Urdu": "Urdu",
    "Chinese": "Chinese", "Mandarin": "Chinese", "中文": "Chinese",
    "Japanese": "Japanese", "日本語": "Japanese",
    "Indonesian": "Indonesian", "Bahasa Indonesia": "Indonesian",
    "Tagalog": "Tagalog", "Filipino": "Tagalog",
    "Yoruba": "Yoruba", "Hausa": "Hausa", "Igbo": "Igbo", "Amharic": "Amharic", "Twi": "Twi",
    "Zulu": "Zulu", "isiZulu": "Zulu", "Xhosa": "Xhosa", "isiXhosa": "Xhosa", "Afrikaans": "Afrikaans",
    "Catalan": "Catalan", "català": "Catalan", "Basque": "Basque", "euskara": "Basque",
    "Esperanto": "Esperanto",
}
