package dev.parley.app.events;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The event names of SPEC §12, as they appear in an SSE frame's {@code event:} line and in {@code data.type}. */
public enum EventType {
    SESSION_CREATED("session.created"),
    MESSAGE_APPENDED("message.appended"),
    TURN_QUEUED("turn.queued"),
    SESSION_COMPACTED("session.compacted"),
    SESSION_COMPACTION_FAILED("session.compaction_failed"),
    SESSION_RESET("session.reset"),
    SESSION_OVERFLOW("session.overflow"),
    SESSION_ARCHIVED("session.archived"),
    SESSION_RESTORED("session.restored"),
    SESSION_DELETED("session.deleted");

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire, e.g. {@code message.appended}. */
    public String wireName() {
        return wireName;
    }

    /** The type with that wire name; {@link IllegalArgumentException} naming the allowed ones otherwise. */
    public static EventType of(String wireName) {
        EventType type = BY_NAME.get(wireName);
        if (type == null) {
            throw new IllegalArgumentException("unknown event type '" + wireName + "'; known: "
                    + Arrays.stream(values()).map(EventType::wireName).toList());
        }
        return type;
    }
}
