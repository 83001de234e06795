package io.signlink.spring.boot;

import io.signlink.error.SignLinkException;
import io.signlink.runtime.SignLinkRuntime;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Opens SignLink's runtime once, off the application's start: what makes opening slow (the Tink
 * keyset and its crypto classes, the JDK's TLS setup, the SQLite driver and pools, the migrations
 * check, the provider profiles) runs on a thread of its own once the application has started (a
 * plain context: once it is refreshed), or on the first caller that needs the runtime sooner, who
 * then waits for it. {@code signlink.eager-init=true} opens it in the start instead, so that a
 * failure fails the start.
 *
 * <p>A failure to open is logged once, at ERROR, with SignLink's message; it is then what {@link
 * #get()} throws to every caller and what the health indicator reports, until the application
 * restarts. Closing waits for an opening under way, then closes the runtime when this opener opened
 * it (not one the application declared).
 *
 * <p>Thread-safe.
 */
final class SignLinkRuntimeOpener
    implements Supplier<SignLinkRuntime>,
        SmartLifecycle,
        SmartInitializingSingleton,
        BeanFactoryAware,
        ApplicationListener<ApplicationStartedEvent> {
  /** What {@code SpringApplication} registers in every context it runs. */
  private static final String SPRING_APPLICATION_BEAN = "springApplicationArguments";

  private static final Logger LOG = LoggerFactory.getLogger(SignLinkRuntimeOpener.class);
  static final String THREAD_NAME = "signlink-open";

  /** Where the runtime is. */
  enum State {
    /** Nobody asked yet and the background opening has not begun. */
    NOT_OPENED,
    OPENING,
    OPEN,
    FAILED,
    /** The context is closing and the runtime was never opened: it will not be now. */
    CLOSED
  }

  private final Supplier<SignLinkRuntime> open;
  private final Runnable check;
  private final boolean owns;
  private final boolean background;
  private final Object lock = new Object();
  private State state = State.NOT_OPENED;
  private SignLinkRuntime runtime;
  private RuntimeException failure;
  private boolean started;
  private boolean waitForApplicationStarted;

  /**
   * @param open opens the runtime (may be slow; called once)
   * @param check waits for the start's check of the settings and throws what it found wrong; run
   *     once every bean of the context is created, so that a wrong setting stops the start
   * @param owns whether {@link #close()} closes what {@code open} returned
   * @param background whether {@link #start()} opens it on a thread of its own
   */
  SignLinkRuntimeOpener(
      Supplier<SignLinkRuntime> open, Runnable check, boolean owns, boolean background) {
    this.open = Objects.requireNonNull(open, "open");
    this.check = Objects.requireNonNull(check, "check");
    this.owns = owns;
    this.background = background;
  }

  /**
   * The runtime: opened now on this thread if nobody has begun, waited for if another thread is
   * opening it.
   *
   * @throws RuntimeException what opening threw (e.g. a {@code ConfigurationException} naming the
   *     property), to every caller
   * @throws IllegalStateException once the context is closing and the runtime was never opened
   */
  @Override
  public SignLinkRuntime get() {
    synchronized (lock) {
      boolean interrupted = false;
      try {
        while (state == State.OPENING) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      switch (state) {
        case OPEN:
          return runtime;
        case FAILED:
          throw failure;
        case CLOSED:
          throw new IllegalStateException("SignLink is not open: the application is shutting down");
        default:
          state = State.OPENING;
      }
    }
    return openHere();
  }

  private SignLinkRuntime openHere() {
    long began = System.nanoTime();
    SignLinkRuntime opened = null;
    RuntimeException failed = null;
    try {
      opened = Objects.requireNonNull(open.get(), "the runtime");
    } catch (RuntimeException e) {
      failed = e;
    } catch (Error e) {
      failed = new IllegalStateException("SignLink could not open: " + e, e);
    }
    synchronized (lock) {
      runtime = opened;
      failure = failed;
      state = failed == null ? State.OPEN : State.FAILED;
      lock.notifyAll();
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    if (failed != null) {
      if (background) { // eager: the failure stops the start, which reports it
        logFailure(failed);
      }
      throw failed;
    }
    if (Thread.currentThread().getName().equals(THREAD_NAME)) {
      LOG.info(
          "SignLink opened in the background in {} ms (process running for {} s)",
          millis,
          String.format(
              Locale.ROOT, "%.3f", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0));
    }
    return opened;
  }

  private static void logFailure(RuntimeException e) {
    String what =
        e instanceof SignLinkException s ? s.code() + ": " + s.getMessage() : e.toString();
    String message =
        "SignLink could not open ({}). Its beans throw this on use and"
            + " /actuator/health/signlink reports it until the application restarts; set"
            + " signlink.eager-init=true to have such a failure stop the start instead.";
    if (e instanceof SignLinkException) {
      LOG.error(message, what); // SignLink's own message says what to do and names no secret
    } else {
      LOG.error(message, what, e);
    }
  }

  /** Where the runtime is, without opening it or waiting. */
  State state() {
    synchronized (lock) {
      return state;
    }
  }

  /** The runtime if it is open, without opening it or waiting. */
  Optional<SignLinkRuntime> ifOpen() {
    synchronized (lock) {
      return state == State.OPEN ? Optional.of(runtime) : Optional.empty();
    }
  }

  /** Why opening failed, if it did. */
  Optional<RuntimeException> failure() {
    synchronized (lock) {
      return Optional.ofNullable(failure);
    }
  }

  /** Every bean is created: a setting found wrong stops the start here, naming the property. */
  @Override
  public void afterSingletonsInstantiated() {
    try {
      check.run();
    } catch (RuntimeException e) {
      throw new BeanInitializationException("SignLink's settings: " + e.getMessage(), e);
    }
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    waitForApplicationStarted = beanFactory.containsBean(SPRING_APPLICATION_BEAN);
  }

  /**
   * Begins opening on a thread of its own, unless opening began already or is eager; in a {@code
   * SpringApplication}, once it has started (logged "Started …"), so that the application's own
   * start does not share the cores with SignLink's opening.
   */
  @Override
  public void start() {
    synchronized (lock) {
      if (started) {
        return;
      }
      started = true;
    }
    if (!waitForApplicationStarted) {
      openInTheBackground();
    }
  }

  @Override
  public void onApplicationEvent(ApplicationStartedEvent event) {
    openInTheBackground();
  }

  private void openInTheBackground() {
    synchronized (lock) {
      if (!started || !background || state != State.NOT_OPENED) {
        return;
      }
    }
    Thread t =
        new Thread(
            () -> {
              try {
                get();
              } catch (RuntimeException e) {
                // logged by openHere, reported by get() and the health indicator
              }
            },
            THREAD_NAME);
    t.setDaemon(true);
    t.start();
  }

  /**
   * The context is closing: no opening begins from now on, and one under way is waited for, so that
   * {@link #close()} (the context's destruction, after this) finds the runtime to close. A runtime
   * already open stays usable until then, e.g. by requests the web server still finishes.
   */
  @Override
  public void stop() {
    synchronized (lock) {
      started = false;
      boolean interrupted = false;
      while (state == State.OPENING) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (state == State.NOT_OPENED) {
        state = State.CLOSED;
      }
    }
  }

  @Override
  public boolean isRunning() {
    synchronized (lock) {
      return started;
    }
  }

  /** Last to start (after the web server), first to stop. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }

  /**
   * Closes the runtime (its pools, threads and timers) if this opener opened it, after waiting for
   * an opening under way. The context's destroy method for this bean.
   */
  public void close() {
    stop();
    SignLinkRuntime toClose;
    synchronized (lock) {
      toClose = state == State.OPEN && owns ? runtime : null;
      if (state == State.OPEN || state == State.NOT_OPENED) {
        state = State.CLOSED;
      }
      runtime = null;
    }
    if (toClose != null) {
      toClose.close();
    }
  }

  @Override
  public String toString() {
    return "SignLinkRuntimeOpener[" + state() + "]";
  }
}
