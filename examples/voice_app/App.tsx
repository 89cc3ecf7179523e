import { GoogleGenAI, Modality } from '@google/genai';

export async function startCall(ai: GoogleGenAI) {
  // GL001: the name never existed; the Live API closes the socket with 1008.
  return ai.live.connect({
    model: 'gemini-2.5-flash-native-audio-dialog',
    config: { responseModalities: [Modality.AUDIO] },
    callbacks: { onclose: () => console.log('closed') },
  });
}
