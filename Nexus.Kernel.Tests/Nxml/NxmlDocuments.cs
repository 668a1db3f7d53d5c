namespace Nexus.Kernel.Tests.Nxml;

/// <summary>NXML documents written for these tests (a thermostat and a reading list), in the original's grammar.</summary>
internal static class NxmlDocuments
{
    /// <summary>Handlers written the way NXML authors write them: raw <c>&lt;</c> and <c>&amp;&amp;</c>, no CDATA.</summary>
    public const string Thermostat = """
        <NexusPanel id="thermostat" title="Greenhouse thermostat" description="Keeps the greenhouse warm" version="1.2" tags="climate, demo">
          <!-- state the kernel keeps -->
          <Data>
            <State name="target" type="number" default="21.5" />
            <State name="heating" type="boolean" default="no" />
            <State name="mode" type="string" default="auto" />
            <State name="history" type="list" default="[18, 19]" />
            <State name="zones" type="list" default="north, south" />
            <State name="limits" type="object" default='{"min": 5, "max": 30}' />
            <Computed name="label" value="$state.target + '°C'" />
          </Data>
          <Logic>
            <Extension name="nexus.http" alias="http" />
            <Tool name="set_target" description="Sets the target temperature">
              <Arg name="celsius" type="number" required="true" />
              <Handler>
                const t = $args.celsius;
                if (t < $state.limits.min || t > $state.limits.max) throw new Error('out of range: ' + t);
                $state.heating = t > $state.target && $state.mode === "auto";
                $state.target = t;
                $state.history.push(t);
                $emit('target_changed', { target: t });
                return { target: t, heating: $state.heating };
              </Handler>
            </Tool>
            <Tool name="read_only" description="Reads, cannot write">
              <Capabilities>
                <Capability type="state:read" scope="target" />
              </Capabilities>
              <Handler>return $state.target;</Handler>
            </Tool>
          </Logic>
          <View>
            <Layout strategy="stack">
              <Metric label="Target" value="{$state.target}" />
              <Button label="Warmer" trigger="set_target" />
            </Layout>
          </View>
        </NexusPanel>
        """;

    /// <summary>Well-formed XML throughout: an escaped handler and one in CDATA; no id, so the kernel makes one.</summary>
    public const string ReadingList = """
        <?xml version="1.0" encoding="utf-8"?>
        <NexusPanel title="Reading list">
          <Data>
            <State name="books" type="list" />
            <State name="count" type="number" />
          </Data>
          <Logic>
            <Tool name="add">
              <Handler>if ($args.title &amp;&amp; $args.title.length &gt; 0) { $state.books.push($args.title); $state.count = $state.books.length; } return $state.count;</Handler>
            </Tool>
            <Tool name="fail">
              <Handler><![CDATA[ if (1 < 2) throw new Error("always"); ]]></Handler>
            </Tool>
          </Logic>
          <View />
        </NexusPanel>
        """;
}
