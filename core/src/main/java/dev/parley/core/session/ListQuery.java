package dev.parley.core.session;

/**
 * Filters of {@code sessions.list}. Nullable fields mean "no filter". {@code status} is one of
 * {@code active} (default), {@code archived}, {@code expired}, {@code all}; {@code activeMinutes} filters on
 * {@code lastInteractionAt}; {@code limit} is 1..1000; {@code cursor} is the opaque {@code nextCursor} of a
 * previous page. Validation of ranges happens in {@link SessionService}.
 */
public record ListQuery(String agentId, String channel, String scope, String status,
                        Integer activeMinutes, Integer limit, String cursor) {
    public static ListQuery all() {
        return new ListQuery(null, null, null, null, null, null, null);
    }
}
