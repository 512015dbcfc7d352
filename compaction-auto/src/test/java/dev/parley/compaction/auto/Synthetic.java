package dev.parley.compaction.auto;

import java.util.Random;

/**
 * Seeded filler conversation for retention tests and benchmarks: small talk about builds and deploys, with
 * task-like phrasing ("can you", "I'll") and incidental identifiers — colleagues' names, counts, durations —
 * that compete with the facts that matter, and tool calls whose outputs hold the usual noise (file names,
 * sizes, times). Few sentences repeat exactly, so de-duplication alone cannot make a history fit.
 */
final class Synthetic {
    private static final String[] TOPICS = {"build", "deploy", "test suite", "docs", "code review", "release notes",
        "nightly job", "dashboard", "on-call rotation", "migration plan"};
    private static final String[] USER = {
        "Can you look at the %s again?", "What did the %s look like yesterday?", "I think the %s is slow today.",
        "How long will the %s take?", "Is the %s still on track?", "Could you summarise where the %s stands?",
        "Remind me what we said about the %s.", "Anything new on the %s?"};
    private static final String[] ASSISTANT = {
        "I looked at the {topic} {when} and it looks fine overall.",
        "The {topic} took a bit longer than usual {when} but finished.",
        "Let me check the {topic} logs from {when} for you.",
        "There were a few warnings in the {topic} {when} but nothing serious.",
        "I'll keep an eye on the {topic} until {when}.", "The {topic} is progressing as expected since {when}.",
        "Nothing changed in the {topic} since {when}.",
        "I compared the {topic} with {when} and the numbers are similar.",
        "The team seemed happy with the {topic} {when}.", "{person} mentioned the {topic} could use another look.",
        "It took about {n} minutes to go through the {topic} {when}.",
        "{person} and {person} both looked at the {topic} {when}.",
        "The {topic} had {n} small issues {when}, all fixed now.",
        "I am not sure the {topic} needs more work, {person} thinks it does."};
    private static final String[] WHEN = {"this morning", "yesterday", "last week", "after lunch", "on Tuesday",
        "before the meeting", "over the weekend", "earlier today", "two days ago", "at the standup"};
    private static final String[] PEOPLE = {"Sam", "Lena", "Omar", "Kate", "Yusuf", "Mia", "Tom", "Ana", "Raj",
        "Eva", "Noah", "Zoe"};
    private static final String[] FILES = {"README.md", "pom.xml", "notes.txt", "build.log", "app.yaml", "Main.java"};

    private Synthetic() {}

    static String userText(Random r) {
        return USER[r.nextInt(USER.length)].formatted(TOPICS[r.nextInt(TOPICS.length)]);
    }

    static String assistantText(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 3 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            String t = ASSISTANT[r.nextInt(ASSISTANT.length)];
            sb.append(i > 0 ? " " : "");
            int from = 0;
            for (int open = t.indexOf('{'); open >= 0; open = t.indexOf('{', from)) {
                int close = t.indexOf('}', open);
                sb.append(t, from, open).append(switch (t.substring(open + 1, close)) {
                    case "topic" -> TOPICS[r.nextInt(TOPICS.length)];
                    case "when" -> WHEN[r.nextInt(WHEN.length)];
                    case "person" -> PEOPLE[r.nextInt(PEOPLE.length)];
                    default -> String.valueOf(2 + r.nextInt(98));
                });
                from = close + 1;
            }
            sb.append(t, from, t.length());
        }
        return sb.toString();
    }

    static String toolOutput(Random r) {
        StringBuilder sb = new StringBuilder("total " + (2 + r.nextInt(6)));
        for (int i = 0; i < 2 + r.nextInt(4); i++) {
            sb.append("\n-rw-r--r-- 1 dev dev ").append(100 + r.nextInt(900)).append(" 1").append(r.nextInt(2))
                    .append(":").append(10 + r.nextInt(50)).append(' ').append(FILES[r.nextInt(FILES.length)]);
        }
        return sb.toString();
    }

    /** Appends {@code turns} filler turns (a quarter with a tool call) to {@code talk}. */
    static Talk filler(Talk talk, Random r, int turns) {
        for (int i = 0; i < turns; i++) {
            talk.user(userText(r));
            if (r.nextInt(4) == 0) {
                talk.tool("toolu_" + r.nextInt(1_000_000), "bash", "{\"cmd\":\"ls -l\"}", toolOutput(r));
            }
            talk.assistant(assistantText(r));
        }
        return talk;
    }
}
