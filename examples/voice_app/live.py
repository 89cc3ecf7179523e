"""A Live API session whose model cannot do Live (GL002) and one that does not exist (GL001)."""

from google import genai

client = genai.Client()
LIVE_MODEL = "gemini-3.8-flash"  # a text model: live.connect needs bidiGenerateContent


async def talk() -> None:
    async with client.aio.live.connect(model=LIVE_MODEL) as session:
        await session.send_realtime_input(text="Hello")


async def talk_native_audio() -> None:
    # The incident gemlint exists for: this name never existed.
    async with client.aio.live.connect(model="gemini-2.5-flash-native-audio-dialog") as session:
        await session.send_realtime_input(text="Hello")
