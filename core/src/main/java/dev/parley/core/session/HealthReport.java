package dev.parley.core.session;

/** Readiness facts of SPEC §14: state dir writable, metadata loaded, lock dir usable, no failed writer. */
public record HealthReport(boolean stateDirWritable, boolean metadataLoaded, boolean lockDirUsable,
                           boolean writersHealthy) {
    public boolean ready() {
        return stateDirWritable && metadataLoaded && lockDirUsable && writersHealthy;
    }
}
