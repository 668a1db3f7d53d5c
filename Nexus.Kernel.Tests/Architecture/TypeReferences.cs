using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Nexus.Kernel.Tests.Architecture;

/// <summary>
/// Every type of an assembly that each of its types uses, read from the compiled metadata and IL: base types,
/// interfaces, field and method signatures, locals, and every token in method bodies. Unlike reading
/// <c>using</c> lines, this also sees references through a parent namespace and inside lambdas.
/// </summary>
internal sealed class TypeReferences
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes).GetFields()
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    private readonly PEReader _pe;
    private readonly MetadataReader _reader;
    private readonly SignatureCollector _signatures = new();

    public TypeReferences(PEReader pe)
    {
        _pe = pe;
        _reader = pe.GetMetadataReader();
    }

    public MetadataReader Reader => _reader;

    /// <summary>The namespace a type is declared in (a nested type's outermost declaring type's).</summary>
    public string NamespaceOf(TypeDefinitionHandle handle)
    {
        var type = _reader.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer) type = _reader.GetTypeDefinition(outer);
        return _reader.GetString(type.Namespace);
    }

    public string NameOf(TypeDefinitionHandle handle)
    {
        var type = _reader.GetTypeDefinition(handle);
        var name = _reader.GetString(type.Name);
        return type.GetDeclaringType() is { IsNil: false } outer ? NameOf(outer) + "." + name : name;
    }

    public HashSet<TypeDefinitionHandle> UsedBy(TypeDefinitionHandle handle)
    {
        var found = new HashSet<TypeDefinitionHandle>();
        var type = _reader.GetTypeDefinition(handle);
        Add(type.BaseType, found);
        foreach (var i in type.GetInterfaceImplementations()) Add(_reader.GetInterfaceImplementation(i).Interface, found);
        foreach (var f in type.GetFields()) found.UnionWith(_reader.GetFieldDefinition(f).DecodeSignature(_signatures, null));
        foreach (var m in type.GetMethods())
        {
            var method = _reader.GetMethodDefinition(m);
            var signature = method.DecodeSignature(_signatures, null);
            found.UnionWith(signature.ReturnType);
            foreach (var p in signature.ParameterTypes) found.UnionWith(p);
            if (method.RelativeVirtualAddress != 0) AddBody(_pe.GetMethodBody(method.RelativeVirtualAddress), found);
        }
        return found;
    }

    private void AddBody(MethodBodyBlock body, HashSet<TypeDefinitionHandle> found)
    {
        if (!body.LocalSignature.IsNil)
        {
            foreach (var local in _reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_signatures, null))
            {
                found.UnionWith(local);
            }
        }
        var il = body.GetILBytes()!;
        for (var at = 0; at < il.Length;)
        {
            short code = il[at++];
            if (code == 0xFE) code = unchecked((short)(0xFE00 | il[at++]));
            var operand = Operands[code];
            switch (operand)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    Add(MetadataTokens.EntityHandle(BitConverter.ToInt32(il, at)), found);
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                default:
                    at += SizeOf(operand);
                    break;
            }
        }
    }

    private static int SizeOf(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    private void Add(EntityHandle handle, HashSet<TypeDefinitionHandle> found)
    {
        if (handle.IsNil) return;
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                found.Add((TypeDefinitionHandle)handle);
                break;
            case HandleKind.TypeSpecification:
                found.UnionWith(_reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_signatures, null));
                break;
            case HandleKind.MethodDefinition:
                found.Add(_reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.FieldDefinition:
                found.Add(_reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                Add(_reader.GetMemberReference((MemberReferenceHandle)handle).Parent, found);
                break;
            case HandleKind.MethodSpecification:
                var spec = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                Add(spec.Method, found);
                foreach (var argument in spec.DecodeSignature(_signatures, null)) found.UnionWith(argument);
                break;
        }
    }

    /// <summary>Decodes a signature into the assembly's own types it names (external types are dropped).</summary>
    private sealed class SignatureCollector : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
    {
        private static readonly ImmutableArray<TypeDefinitionHandle> None = [];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => None;

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, context);

        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(a => a)];

        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) => unmodifiedType;

        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];

        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;
    }
}
