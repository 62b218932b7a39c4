package dev.handoff.bench;

import dev.handoff.app.support.OpenAiStub;

import java.util.HashMap;
import java.util.Map;

/**
 * The language model a benchmark runs with: none (default, the offline paths) or {@code -Dmodel=stub},
 * a loopback Chat Completions stub answering in OpenAI's response shape at once
 * ({@link OpenAiStub#groundedModel}: never escalates, answers from the first FAQ item it is given),
 * so the figures show what the model path costs and what retrieval gating lets through, not what a
 * real model would write.
 */
final class Models {

    private static OpenAiStub stub;

    private Models() {
    }

    /** @return {@code none} or {@code stub} */
    static String name() {
        return System.getProperty("model", "none");
    }

    /** @return the app configuration for the chosen model, merged over {@code base} */
    static Map<String, Object> overrides(Map<String, Object> base) {
        Map<String, Object> out = new HashMap<>(base);
        if (name().equals("stub")) {
            out.put("openai.api-key", "benchmark");
            out.put("openai.base-url", stub().baseUrl());
            out.put("handoff.llm.daily-token-cap", Long.MAX_VALUE);
        } else if (!name().equals("none")) {
            throw new IllegalArgumentException("-Dmodel must be none or stub");
        }
        return out;
    }

    /** @return JVM options for a separate app process ({@code -D…}), empty without a model */
    static String jvmOptions() {
        StringBuilder s = new StringBuilder();
        overrides(Map.of()).forEach((k, v) -> s.append(" -D").append(k).append('=').append(v));
        return s.toString().trim();
    }

    private static synchronized OpenAiStub stub() {
        if (stub == null) {
            stub = new OpenAiStub(OpenAiStub::groundedModel);
        }
        return stub;
    }
}
